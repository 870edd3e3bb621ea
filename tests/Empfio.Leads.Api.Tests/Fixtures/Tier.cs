namespace Empfio.Leads.Api.Tests.Fixtures;

// Tests that start processes (the service, its published build, Node tools, a second
// PostgreSQL cluster) or seed large tables are the full tier: `scripts/test.sh --fast`
// leaves them out, `scripts/test.sh` and CI run everything.
public static class Tier
{
    public const string Name = "Tier";
    public const string Full = "Full";
}
