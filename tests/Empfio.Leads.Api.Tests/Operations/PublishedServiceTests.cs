using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;
using Npgsql;

namespace Empfio.Leads.Api.Tests.Operations;

// The published service, run as its container runs it, on real Kestrel.
[Collection(PublishedServiceCollection.Name)]
[Trait(Tier.Name, Tier.Full)]
public sealed class PublishedServiceTests(PublishedService published)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task PublishedLikeTheImage_StartedWithEnvironmentOnly_BecomesReadyAndServes()
    {
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(Checkout.Root, "Dockerfile"));
        dockerfile.Should().Contain("""ENTRYPOINT ["dotnet", "Empfio.Leads.Api.dll"]""");
        File.Exists(Path.Combine(published.Directory, "appsettings.Development.json")).Should().BeFalse();
        await using var database = await TestDatabase.CreateAsync("image");
        var (service, http) = published.Start(ApiProcess.ValidEnvironment(database.ConnectionString));
        await using var _ = service;

        await PublishedService.WaitUntilReadyAsync(http, service);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(LeadsApi.NewTenant()));
        var created = await http.PostJsonAsync(Leads, """{"name": "Jane", "channel": "web"}""");

        await created.ShouldBeAsync(HttpStatusCode.Created);
        (await http.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logs_AreOneJsonObjectPerLine_WithARequestLineCarryingTraceIds_AndNoPersonalData()
    {
        await using var database = await TestDatabase.CreateAsync("logs");
        var (service, http) = published.Start(ApiProcess.ValidEnvironment(database.ConnectionString));
        var tenant = LeadsApi.NewTenant();
        var token = TestTokens.Create(tenant, email: "agent.secret@example.com");
        const string email = "jane.private@example.com", phone = "+491701234567", note = "Lives at Musterstrasse 12";

        await PublishedService.WaitUntilReadyAsync(http, service);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var lead = await (await http.PostJsonAsync(Leads, $$"""{"name": "Jane Private", "channel": "whatsapp", "email": "{{email}}", "phone": "{{phone}}"}"""))
            .ShouldBeAsync(HttpStatusCode.Created);
        await http.PostJsonAsync($"{Leads}/{lead.Id()}/notes", $$"""{"content": "{{note}}"}""");
        await http.GetAsync($"{Leads}?search={Uri.EscapeDataString(phone)}");
        await http.PostJsonAsync(Leads, $$"""{"name": "Bad", "channel": "fax", "email": "{{email}}"}""");
        service.Terminate();
        var output = (await service.WaitForExitAsync(TimeSpan.FromSeconds(30))).Output;
        await service.DisposeAsync();

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var create = entries.Single(e => e.GetProperty("EventId").GetInt32() == 1
            && e.GetProperty("State").GetProperty("Route").GetString() == Leads
            && e.GetProperty("State").GetProperty("Method").GetString() == "POST"
            && e.GetProperty("State").GetProperty("StatusCode").GetInt32() == 201);
        var state = create.GetProperty("State");
        state.GetProperty("Tenant").GetString().Should().Be(tenant);
        state.GetProperty("ClientAddress").GetString().Should().Be("127.0.0.1");
        state.GetProperty("DurationMs").GetDouble().Should().BeGreaterThan(0);
        create.GetProperty("TraceId").GetString().Should().MatchRegex("^[0-9a-f]{32}$");
        create.GetProperty("SpanId").GetString().Should().MatchRegex("^[0-9a-f]{16}$");
        create.GetProperty("LogLevel").GetString().Should().Be("Information");
        create.GetProperty("Message").GetString().Should().Be($"POST {Leads} answered 201 in {state.GetProperty("DurationMs").GetDouble():0.0} ms (tenant {tenant}, client 127.0.0.1, http)");
        entries.Where(e => e.TryGetProperty("State", out var state) && state.TryGetProperty("Route", out _))
            .Select(e => e.GetProperty("State"))
            .Select(state => state.GetProperty("Route").GetString())
            .Should().Contain("/api/v1/leads/{lead_id:guid}/notes");
        foreach (var secret in new[] { email, phone, "1701234567", note, token, "agent.secret", "Jane Private" })
        {
            output.Should().NotContain(secret);
        }
    }

    [Fact]
    public async Task ForwardedHeaders_AreBelievedFromTrustedProxiesOnly()
    {
        await using var database = await TestDatabase.CreateAsync("proxy");
        var trusting = await CreateBehindProxyAsync(database, new Dictionary<string, string?>());
        var distrusting = await CreateBehindProxyAsync(database, new Dictionary<string, string?> { ["Proxy__KnownNetworks"] = "10.0.0.0/8" });

        trusting.Location.Scheme.Should().Be("https");
        trusting.Log.Should().Contain("client 203.0.113.7, https");
        distrusting.Location.Scheme.Should().Be("http");
        distrusting.Log.Should().Contain("client 127.0.0.1, http").And.NotContain("203.0.113.7");
    }

    [Fact]
    public async Task Telemetry_WithAnOtlpEndpoint_IsExportedThere()
    {
        await using var database = await TestDatabase.CreateAsync("otlp");
        using var collector = new System.Net.HttpListener();
        var collectorPort = ApiProcess.FreePort();
        collector.Prefixes.Add($"http://127.0.0.1:{collectorPort}/");
        collector.Start();
        var environment = ApiProcess.ValidEnvironment(database.ConnectionString);
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{collectorPort}";
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        var (service, http) = published.Start(environment);
        await using var _ = service;

        await PublishedService.WaitUntilReadyAsync(http, service);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(LeadsApi.NewTenant()));
        await http.GetAsync(Leads);
        var received = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!received.Contains("/v1/traces"))
        {
            var context = await collector.GetContextAsync().WaitAsync(timeout.Token);
            received.Add(context.Request.Url!.AbsolutePath);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }

        received.Should().Contain("/v1/traces");
    }

    [Fact]
    public async Task DatabaseOutage_Answers503Fast_ReadyFails_LiveStays_AndRecoversWithoutARestart()
    {
        await using var cluster = await ThrowawayCluster.StartAsync();
        var (service, http) = published.Start(ApiProcess.ValidEnvironment(cluster.ConnectionString));
        await using var _ = service;
        await PublishedService.WaitUntilReadyAsync(http, service);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(LeadsApi.NewTenant()));
        var lead = await (await http.PostJsonAsync(Leads, """{"name": "Jane", "channel": "web"}""")).ShouldBeAsync(HttpStatusCode.Created);

        await cluster.StopAsync();
        var requests = new Func<Task<HttpResponseMessage>>[]
        {
            () => http.GetAsync(Leads),
            () => http.GetAsync($"{Leads}/{lead.Id()}"),
            () => http.PostJsonAsync(Leads, """{"name": "Joe", "channel": "web"}"""),
            () => http.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"status": "booked"}"""),
            () => http.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "x"}"""),
        };
        foreach (var request in requests)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var response = await request();
            watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
            await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter.Should().NotBeNull();
        }
        (await http.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await http.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);

        await cluster.StartAgainAsync();
        var recovered = await RetryUntilAsync(() => http.GetAsync($"{Leads}/{lead.Id()}"), TimeSpan.FromSeconds(10));

        recovered.StatusCode.Should().Be(HttpStatusCode.OK);
        (await RetryUntilAsync(() => http.GetAsync("/health/ready"), TimeSpan.FromSeconds(10))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.PostJsonAsync(Leads, """{"name": "After", "channel": "web"}""")).StatusCode.Should().Be(HttpStatusCode.Created);
        service.HasExited.Should().BeFalse();
    }

    [Fact]
    public async Task Sigterm_StopsTakingConnections_LetsInFlightRequestsFinish_ThenExits0()
    {
        await using var database = await TestDatabase.CreateAsync("sigterm");
        var (service, http) = published.Start(ApiProcess.ValidEnvironment(database.ConnectionString));
        await using var _ = service;
        await PublishedService.WaitUntilReadyAsync(http, service);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(LeadsApi.NewTenant()));
        var lead = await (await http.PostJsonAsync(Leads, """{"name": "Jane", "channel": "web"}""")).ShouldBeAsync(HttpStatusCode.Created);

        // Hold the lead's row so that PATCHes sent now stay in flight until it is released.
        await using var blocker = new NpgsqlConnection(database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"SELECT 1 FROM leads WHERE id = '{lead.Id()}' FOR UPDATE", blocker, transaction))
        {
            await lockRow.ExecuteScalarAsync();
        }
        var inFlight = Enumerable.Range(1, 5)
            .Select(i => http.PatchJsonAsync($"{Leads}/{lead.Id()}", $$$"""{"metadata": {"slow{{{i}}}": true}}"""))
            .ToList();
        await WaitForWaitingQueriesAsync(database, expected: 5);

        service.Terminate();
        await Task.Delay(TimeSpan.FromSeconds(1));
        using var latecomer = new HttpClient { BaseAddress = http.BaseAddress };
        var refused = async () => await latecomer.GetAsync("/health/live");
        await refused.Should().ThrowAsync<HttpRequestException>("a stopping service takes no new connections");
        service.HasExited.Should().BeFalse("in-flight requests are still running");
        await transaction.CommitAsync();

        var responses = await Task.WhenAll(inFlight);
        var exit = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        exit.ExitCode.Should().Be(0);
    }

    private async Task<(Uri Location, string Log)> CreateBehindProxyAsync(TestDatabase database, Dictionary<string, string?> settings)
    {
        var environment = ApiProcess.ValidEnvironment(database.ConnectionString);
        foreach (var (key, value) in settings) environment[key] = value;
        var (service, http) = published.Start(environment);
        await using var _ = service;
        await PublishedService.WaitUntilReadyAsync(http, service);
        var request = new HttpRequestMessage(HttpMethod.Post, Leads) { Content = new StringContent("""{"name": "Jane", "channel": "web"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(LeadsApi.NewTenant()));
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var response = await http.SendAsync(request);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        service.Terminate();
        var output = (await service.WaitForExitAsync(TimeSpan.FromSeconds(30))).Output;
        return (response.Headers.Location!, output);
    }

    private static async Task<HttpResponseMessage> RetryUntilAsync(Func<Task<HttpResponseMessage>> request, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var response = await request();
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline)
            {
                return response;
            }
            await Task.Delay(200);
        }
    }

    private static async Task WaitForWaitingQueriesAsync(TestDatabase database, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var waiting = await database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
            if (waiting >= expected) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("The PATCH requests did not reach the database.");
    }
}
