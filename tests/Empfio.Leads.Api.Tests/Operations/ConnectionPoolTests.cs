using System.Net;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Empfio.Leads.Api.Tests.Operations;

// The service on a deliberately small connection pool: a request holds at most one
// connection, and a full pool is an overload (503), not an outage that drops the pool.
public sealed class ConnectionPoolTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task KeyedRequestsInParallel_OnAPoolOfOneConnection_AllSucceed()
    {
        await using var service = ServiceWithPool(maximum: 1, timeoutSeconds: 10, out _);
        var client = Client(service, LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var creates = Enumerable.Range(1, 6).Select(i => Keyed(client, Leads, $$"""{"name": "Lead {{i}}", "channel": "web"}"""));
        var notes = Enumerable.Range(1, 4).Select(i => Keyed(client, $"{Leads}/{lead.Id()}/notes", $$"""{"content": "note {{i}}"}"""));
        var responses = await Task.WhenAll(creates.Concat(notes));

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AFullPool_Returns503_AndKeepsItsHealthyConnections()
    {
        await using var service = ServiceWithPool(maximum: 2, timeoutSeconds: 1, out var applicationName);
        var client = Client(service, LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        // Two PATCHes wait for a row lock held here, so both pooled connections are busy.
        await using var locker = new NpgsqlConnection(api.Database.ConnectionString);
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await new NpgsqlCommand($"SELECT 1 FROM leads WHERE id = '{lead.Id()}' FOR UPDATE", locker, transaction).ExecuteScalarAsync();
        var patches = Enumerable.Range(1, 2).Select(i => client.PatchJsonAsync($"{Leads}/{lead.Id()}", $$"""{"company": "C{{i}}"}""")).ToList();
        var waiting = await WaitForBackendsAsync(applicationName, count: 2, "wait_event_type = 'Lock'");

        var overloaded = await client.GetAsync($"{Leads}/{lead.Id()}");

        await overloaded.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        await transaction.CommitAsync();
        foreach (var patch in await Task.WhenAll(patches))
        {
            patch.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        await Task.Delay(300);
        (await WaitForBackendsAsync(applicationName, count: 2, "state = 'idle'")).Should().BeEquivalentTo(waiting,
            "the connections that were busy during the overload go back to the pool and stay open");
        await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
    }

    private WebApplicationFactory<Program> ServiceWithPool(int maximum, int timeoutSeconds, out string applicationName)
    {
        applicationName = $"pool-test-{Guid.NewGuid():N}"[..30];
        var connectionString = new NpgsqlConnectionStringBuilder(api.Database.ConnectionString)
        {
            MaxPoolSize = maximum,
            Timeout = timeoutSeconds,
            ApplicationName = applicationName,
        }.ConnectionString;
        return LeadsApi.CreateFactory(connectionString, migrateOnStartup: false);
    }

    private static HttpClient Client(WebApplicationFactory<Program> service, string tenant)
    {
        var client = service.CreateDefaultClient(new DocumentedExchanges());
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create(tenant));
        return client;
    }

    private static Task<HttpResponseMessage> Keyed(HttpClient client, string url, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    // The service's backends (by application name) in the given state, once there are `count`.
    private async Task<List<int>> WaitForBackendsAsync(string applicationName, int count, string condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"SELECT pid FROM pg_stat_activity WHERE application_name = @name AND {condition} ORDER BY pid", connection);
            command.Parameters.AddWithValue("name", applicationName);
            var pids = new List<int>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
            }
            if (pids.Count >= count || DateTime.UtcNow > deadline)
            {
                return pids;
            }
            await Task.Delay(50);
        }
    }
}
