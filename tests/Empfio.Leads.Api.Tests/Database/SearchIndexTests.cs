using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Database;

// Searches must not slow down after a burst of writes: the trigram index takes new
// entries directly instead of through a pending list every search would read
// (migration 0004; docs/benchmarks.md measured the difference).
public sealed class SearchIndexTests(LeadsApi api)
{
    [Fact]
    public async Task TrigramIndex_HasNoPendingList()
    {
        var options = await api.Database.ScalarAsync<string>(
            "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'leads_tenant_search'");

        options.Should().Be("fastupdate=off");
    }
}
