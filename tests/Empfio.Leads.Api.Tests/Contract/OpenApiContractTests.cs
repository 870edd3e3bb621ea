using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Contract;

// The OpenAPI document is the contract other services generate clients from. It is
// committed (openapi/leads-api.v1.json) so every change to it is a reviewed diff:
// this test fails when the served document differs. scripts/openapi.sh refreshes it.
[Trait(Tier.Name, Tier.Full)]
public sealed class OpenApiContractTests(LeadsApi api)
{
    public static string CommittedPath => Path.Combine(Checkout.Root, "openapi", "leads-api.v1.json");

    // The npm tools of the contract checks, installed by scripts/test.sh (npm ci).
    private static string TypeScriptFolder => Path.Combine(Checkout.Root, "tests", "typescript");

    [Fact]
    public async Task ServedDocument_IsTheCommittedContract()
    {
        var served = JsonNode.Parse(await api.Anonymous().GetStringAsync("/openapi/v1.json"));

        File.Exists(CommittedPath).Should().BeTrue("the contract is committed at {0}", CommittedPath);
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath));
        // Compared as JSON values (1.0 is 1, indentation does not count); on a difference
        // the text comparison shows where.
        if (!JsonNode.DeepEquals(served, committed))
        {
            Indented(served).Should().Be(Indented(committed),
                "the served OpenAPI document must equal the committed one; if the change is intended, run scripts/openapi.sh and commit the diff");
        }
    }

    [Fact]
    public async Task CommittedDocument_PassesSpectralOasRulesetWithoutErrorsOrWarnings()
    {
        var lint = await Npx("spectral", "lint", CommittedPath, "--ruleset", Path.Combine(Checkout.Root, "openapi", ".spectral.yaml"),
            "--fail-severity", "warn", "--format", "text");

        lint.ExitCode.Should().Be(0, "Spectral reported:\n{0}{1}", lint.Output, lint.Error);
    }

    [Fact]
    public async Task TypeScriptTypesGeneratedFromTheDocument_TypeCheckTheExampleCaller()
    {
        var generate = await Npx("openapi-typescript", CommittedPath, "--output", Path.Combine("generated", "leads-api.d.ts"));
        generate.ExitCode.Should().Be(0, generate.Error);

        var typecheck = await Npx("tsc", "--noEmit", "-p", ".");

        typecheck.ExitCode.Should().Be(0, "tsc reported:\n{0}{1}", typecheck.Output, typecheck.Error);
    }

    private static Task<ProcessResult> Npx(params string[] arguments)
    {
        Directory.Exists(Path.Combine(TypeScriptFolder, "node_modules")).Should()
            .BeTrue("scripts/test.sh installs the contract tools with npm ci in {0}", TypeScriptFolder);
        return ProcessRunner.RunAsync(TypeScriptFolder, "npx", ["--no-install", .. arguments]);
    }

    private static string Indented(JsonNode? json) =>
        json!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

}
