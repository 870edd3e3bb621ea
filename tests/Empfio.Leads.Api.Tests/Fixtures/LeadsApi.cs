using System.Net.Http.Headers;
using Empfio.Leads.Api.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

[assembly: AssemblyFixture(typeof(LeadsApi))]

namespace Empfio.Leads.Api.Tests.Fixtures;

// The service under test, started once per test run over real HTTP (TestServer) against
// a fresh PostgreSQL database. Tests share it and isolate themselves by tenant: each
// test makes up its own tenant ids and arranges its own leads.
public sealed class LeadsApi : IAsyncLifetime
{
    private TestDatabase? database;
    private WebApplicationFactory<Program>? factory;

    public TestDatabase Database => database ?? throw new InvalidOperationException("Not initialised.");
    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("Not initialised.");

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("test");
        factory = CreateFactory(database.ConnectionString);
        // Starting the host applies the migrations.
        _ = factory.Server;
    }

    public static WebApplicationFactory<Program> CreateFactory(string connectionString, bool migrateOnStartup = true) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Production");
            host.UseSetting("ConnectionStrings:Leads", connectionString);
            host.UseSetting("Database:MigrateOnStartup", migrateOnStartup ? "true" : "false");
            host.UseSetting("Auth:Issuer", TestTokens.Issuer);
            host.UseSetting("Auth:Audience", TestTokens.Audience);
            host.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        });

    public static string NewTenant() => $"tenant-{Guid.NewGuid():N}";

    // Every client checks each exchange against the committed document (DocumentedExchanges).
    public HttpClient Anonymous() => Factory.CreateDefaultClient(new DocumentedExchanges());

    public HttpClient ClientFor(string tenant, string? email = "agent@example.com", string? subject = "user-123") =>
        WithToken(TestTokens.Create(tenant, email, subject));

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null) await factory.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }
}
