using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Contract;

// What a TypeScript team gets from two mainstream generators at their quick-start
// settings, against the running service (Kestrel): openapi-typescript + openapi-fetch, and
// @hey-api/openapi-ts with its default plugins. Each generated client runs the shared
// scenario (tests/typescript/scenario/*.ts): create with and without Idempotency-Key, get,
// PATCH of only status and of only metadata with every other field unchanged (raw GET),
// clearing company, a PATCH guarded by the body's version, list with search and status,
// the conversation filter, a note, typed 404 and 400 with the field errors, delete.
[Trait(Tier.Name, Tier.Full)]
public sealed class TypeScriptClientTests(KestrelService kestrel) : IClassFixture<KestrelService>
{
    private static string Folder => Path.Combine(Checkout.Root, "tests", "typescript");

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
            var run = await ProcessRunner.RunAsync(Folder, environment, "npx", "--no-install", "tsx", Path.Combine("scenario", $"{scenario}.ts"));
            run.ExitCode.Should().Be(0, "the {0} scenario failed:\n{1}{2}", scenario, run.Output, run.Error);
        }
    }

    // The official package (clients/typescript): built from the committed document, packed
    // with npm pack, and its createLeadsClient used against the service.
    [Fact]
    public async Task TheOfficialPackage_BuildsPacksAndCalls()
    {
        var package = Path.Combine(Checkout.Root, "clients", "typescript");
        var output = Directory.CreateTempSubdirectory("empfio-leads-ts-").FullName;
        try
        {
            await Succeeds(ProcessRunner.RunAsync(package, "npm", "run", "build"));
            await Succeeds(ProcessRunner.RunAsync(package, "npm", "pack", "--pack-destination", output));
            File.Exists(Path.Combine(output, "empfio-leads-client-1.0.0.tgz")).Should().BeTrue();

            const string script = """
                import { createLeadsClient } from "./dist/index.js";
                const leads = createLeadsClient({ baseUrl: process.env.LEADS_BASE_URL, token: () => process.env.LEADS_TOKEN });
                const created = await leads.POST("/api/v1/leads", { body: { name: "Jane", channel: "web" }, params: { header: { "Idempotency-Key": crypto.randomUUID() } } });
                const patched = await leads.PATCH("/api/v1/leads/{lead_id}", {
                  params: { path: { lead_id: created.data.id }, header: { "If-Match": String(created.data.version) } }, body: { status: "booked" } });
                if (patched.data?.status !== "booked" || patched.data.name !== "Jane") throw new Error(JSON.stringify(patched));
                """;
            var run = await ProcessRunner.RunAsync(package, new Dictionary<string, string>
            {
                ["LEADS_BASE_URL"] = kestrel.BaseAddress.ToString().TrimEnd('/'),
                ["LEADS_TOKEN"] = TestTokens.Create(LeadsApi.NewTenant()),
            }, "node", "--input-type=module", "--eval", script);
            run.ExitCode.Should().Be(0, "{0}{1}", run.Output, run.Error);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static Task<ProcessResult> Npx(params string[] arguments) =>
        ProcessRunner.RunAsync(Folder, "npx", ["--no-install", .. arguments]);

    private static async Task Succeeds(Task<ProcessResult> command)
    {
        var result = await command;
        result.ExitCode.Should().Be(0, "{0}{1}", result.Output, result.Error);
    }
}
