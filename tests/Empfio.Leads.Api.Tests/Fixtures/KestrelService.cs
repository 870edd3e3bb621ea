using System.Net.Sockets;
using System.Text;

namespace Empfio.Leads.Api.Tests.Fixtures;

// The built service as its own process on a loopback port (real Kestrel, not TestServer),
// for what only a real HTTP server shows: requests written byte by byte, and tools that
// speak to a URL. One per test class that uses it, with a database of its own.
public sealed class KestrelService : IAsyncLifetime
{
    private TestDatabase? database;
    private ApiProcess? process;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1");

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("kestrel");
        var port = ApiProcess.FreePort();
        var environment = ApiProcess.ValidEnvironment(database.ConnectionString);
        environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        process = ApiProcess.Start(environment);
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = BaseAddress };
        await PublishedService.WaitUntilReadyAsync(http, process);
    }

    public HttpClient ClientFor(string tenant)
    {
        var client = new HttpClient(new DocumentedExchanges { InnerHandler = new HttpClientHandler() }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create(tenant));
        return client;
    }

    // Sends the bytes as they are and reads the answer until the server closes.
    public async Task<string> RawAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(BaseAddress.Host, BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null) await process.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }
}
