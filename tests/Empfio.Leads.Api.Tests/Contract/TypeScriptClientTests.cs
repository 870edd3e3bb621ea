using Empfio.Leads.Api.Tests.Infrastructure;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Contract;

// What a TypeScript team gets from two mainstream generators at their quick-start
// settings, against the running service (Kestrel): openapi-typescript + openapi-fetch, and
// @hey-api/openapi-ts with its default plugins. Each generated client runs the shared
// scenario (tests/typescript/scenario/*.ts): create with and without Idempotency-Key, get,
// PATCH of only status and of only metadata with every other field unchanged (raw GET),
// clearing company, a PATCH guarded by the body's version, list with search and status,
// the conversation filter, a note, typed 404 and 400 with the field errors, delete.
public sealed class TypeScriptClientTests(KestrelService kestrel) : IClassFixture<KestrelService>
{
    private static string Folder => Path.Combine(Repository.Root, "tests", "typescript");

    [Fact]
    public async Task ClientsGeneratedAtQuickStartSettings_PassTheSharedScenario()
    {
        await Succeeds(Npx("openapi-typescript", CommittedDocument.Path, "--output", Path.Combine("generated", "scenario", "leads-api.d.ts")));
        await Succeeds(Npx("openapi-ts", "--input", CommittedDocument.Path, "--output", Path.Combine("generated", "hey-api")));
        await Succeeds(Npx("tsc", "--noEmit", "-p", "tsconfig.scenario.json"));

        var environment = new Dictionary<string, string>
        {
            ["LEADS_BASE_URL"] = kestrel.BaseAddress.ToString().TrimEnd('/'),
            ["LEADS_TOKEN"] = TestTokens.Create(LeadsApi.NewTenant()),
        };
        foreach (var scenario in new[] { "openapi-fetch", "hey-api" })
        {
            var run = await Command.RunAsync(Folder, environment, "npx", "--no-install", "tsx", Path.Combine("scenario", $"{scenario}.ts"));
            run.ExitCode.Should().Be(0, "the {0} scenario failed:\n{1}{2}", scenario, run.Output, run.Error);
        }
    }

    private static Task<ProcessResult> Npx(params string[] arguments) =>
        Command.RunAsync(Folder, "npx", ["--no-install", .. arguments]);

    private static async Task Succeeds(Task<ProcessResult> command)
    {
        var result = await command;
        result.ExitCode.Should().Be(0, "{0}{1}", result.Output, result.Error);
    }
}
