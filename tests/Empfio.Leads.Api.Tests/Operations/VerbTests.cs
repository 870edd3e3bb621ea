using System.Net;
using System.Net.Http.Headers;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Operations;

// The `migrate`, `token` and `remove-expired-events` verbs, and the service started as a process in Production
// with nothing but the documented environment variables.
[Trait(Tier.Name, Tier.Full)]
public sealed class VerbTests(LeadsApi api)
{
    [Fact]
    public async Task Migrate_AppliesTheMigrationsAndExits_AndIsSafeToRunAgain()
    {
        await using var database = await TestDatabase.CreateAsync("migrate");

        var first = await ApiProcess.RunAsync(ApiProcess.ValidEnvironment(database.ConnectionString), "migrate");
        var second = await ApiProcess.RunAsync(ApiProcess.ValidEnvironment(database.ConnectionString), "migrate");

        first.ExitCode.Should().Be(0, first.Output + first.Error);
        second.ExitCode.Should().Be(0, second.Output + second.Error);
        (await database.ScalarAsync<long>("SELECT count(*) FROM leads")).Should().Be(0);
        (await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions")).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task RemoveExpiredEvents_RemovesEventsOlderThanTheRetention_AndSaysHowMany()
    {
        await using var database = await TestDatabase.CreateAsync("retention");
        await using (var service = LeadsApi.CreateFactory(database.ConnectionString))
        {
            var client = service.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(LeadsApi.NewTenant()));
            for (var i = 0; i < 3; i++)
            {
                (await client.PostJsonAsync(ApiRequests.Leads, """{"name": "Jane", "channel": "web"}""")).StatusCode.Should().Be(HttpStatusCode.Created);
            }
        }
        await database.ScalarAsync<int>("UPDATE lead_events SET occurred_at = now() - interval '8 days' WHERE position IN (SELECT min(position) FROM lead_events)");
        var environment = ApiProcess.ValidEnvironment(database.ConnectionString);
        environment["Events__RetentionDays"] = "7";

        var result = await ApiProcess.RunAsync(environment, "remove-expired-events");

        result.ExitCode.Should().Be(0, result.Output + result.Error);
        result.Output.Should().MatchRegex(@"^removed 1 events older than 7 days in [0-9.]+ s\s*$");
        (await database.ScalarAsync<long>("SELECT count(*) FROM lead_events")).Should().Be(2);
    }

    [Fact]
    public async Task Migrate_FromTwoReplicasAtOnce_BothSucceedAndApplyEachScriptOnce()
    {
        await using var database = await TestDatabase.CreateAsync("migrate2");
        var environment = ApiProcess.ValidEnvironment(database.ConnectionString);

        var results = await Task.WhenAll(ApiProcess.RunAsync(environment, "migrate"), ApiProcess.RunAsync(environment, "migrate"));

        results.Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.Output + r.Error));
        (await database.ScalarAsync<long>("SELECT count(*) - count(DISTINCT scriptname) FROM schemaversions")).Should().Be(0);
    }

    [Fact]
    public async Task Migrate_WhileAReplicaThatMigratedAtStartIsRunning_Succeeds()
    {
        await using var database = await TestDatabase.CreateAsync("migrate3");
        await using var running = LeadsApi.CreateFactory(database.ConnectionString, migrateOnStartup: true);
        (await running.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        var started = DateTime.UtcNow;
        var next = await ApiProcess.RunAsync(ApiProcess.ValidEnvironment(database.ConnectionString), "migrate");

        next.ExitCode.Should().Be(0, next.Output + next.Error);
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(20), "the running replica must not hold the migration lock");
    }

    [Fact]
    public async Task Migrate_WithCredentialsTheDatabaseRefuses_ExitsOneWithOneLineNamingTheCause()
    {
        await using var database = await TestDatabase.CreateAsync("migrate4");
        var refused = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "not-the-password" };

        var result = await ApiProcess.RunAsync(ApiProcess.ValidEnvironment(refused.ConnectionString), "migrate");

        result.ExitCode.Should().Be(1, result.Output + result.Error);
        result.Error.Trim().Should().StartWith("Migration error: ").And.Contain("password authentication failed")
            .And.NotContain("\n").And.NotContain("Unhandled exception");
    }

    [Fact]
    public async Task Ready_IsUnavailableUntilMigrationsAreApplied_WhenStartupMigrationIsOff()
    {
        await using var database = await TestDatabase.CreateAsync("ready");
        await using var factory = LeadsApi.CreateFactory(database.ConnectionString, migrateOnStartup: false);
        var client = factory.CreateClient();

        var before = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");
        var migrate = await ApiProcess.RunAsync(ApiProcess.ValidEnvironment(database.ConnectionString), "migrate");
        var after = await client.GetAsync("/health/ready");

        before.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        live.StatusCode.Should().Be(HttpStatusCode.OK);
        migrate.ExitCode.Should().Be(0);
        after.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_MintsATokenTheServiceAccepts_ForTheGivenTenantAndEmail()
    {
        var tenant = LeadsApi.NewTenant();
        var environment = ApiProcess.ValidEnvironment("unused");
        environment.Remove("ConnectionStrings__Leads");

        var result = await ApiProcess.RunAsync(environment, "token", "--tenant", tenant, "--email", "dev@example.com");

        result.ExitCode.Should().Be(0, result.Error);
        var client = api.WithToken(result.Output.Trim());
        var lead = await client.CreateLeadAsync();
        var notes = await (await client.PostJsonAsync($"{ApiRequests.Leads}/{lead.Id()}/notes", """{"content": "hi"}"""))
            .ShouldBeAsync(HttpStatusCode.Created);
        notes.GetProperty("notes")[0].Text("author").Should().Be("dev@example.com");
        var sameTenant = await (await api.ClientFor(tenant).GetAsync($"{ApiRequests.Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        sameTenant.Id().Should().Be(lead.Id());
    }

    [Fact]
    public async Task Token_WithoutATenant_PrintsUsage()
    {
        var result = await ApiProcess.RunAsync(ApiProcess.ValidEnvironment("unused"), "token", "--email", "dev@example.com");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("--tenant");
    }

    [Fact]
    public async Task Service_RunsInProductionWithOnlyTheDocumentedVariables()
    {
        await using var database = await TestDatabase.CreateAsync("prod");
        var port = ApiProcess.FreePort();
        await using var service = ApiProcess.Start(ApiProcess.ValidEnvironment(database.ConnectionString), "--urls", $"http://127.0.0.1:{port}");
        using var http = new HttpClient(new DocumentedExchanges { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await WaitUntilReadyAsync(http, service);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(LeadsApi.NewTenant()));
        var response = await http.PostJsonAsync(ApiRequests.Leads, """{"name": "Jane", "channel": "voice"}""");

        var lead = await response.ShouldBeAsync(HttpStatusCode.Created);
        response.Headers.Location.Should().Be(new Uri($"http://127.0.0.1:{port}/api/v1/leads/{lead.Id()}"));

        // Kestrel refuses a body over 1 MiB before it is read: 413 problem details, nothing created.
        var huge = $$"""{"name": "Jane", "channel": "web", "appointment_notes": "{{new string('x', 1024 * 1024)}}"}""";
        var tooLarge = await http.PostJsonAsync(ApiRequests.Leads, huge);
        await tooLarge.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var page = await (await http.GetAsync(ApiRequests.Leads)).ShouldBeAsync(HttpStatusCode.OK);
        page.GetProperty("total").GetInt64().Should().Be(1);
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, ApiProcess service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The service did not become ready. Its output:\n{service.OutputSoFar}");
    }
}
