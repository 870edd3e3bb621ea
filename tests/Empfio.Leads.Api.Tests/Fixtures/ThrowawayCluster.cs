using Npgsql;

namespace Empfio.Leads.Api.Tests.Fixtures;

// A PostgreSQL cluster of one test's own (scripts/postgres.sh), which the test may stop
// and start again without disturbing the cluster every other test uses.
public sealed class ThrowawayCluster : IAsyncDisposable
{
    private readonly string home;

    private ThrowawayCluster(string home, string connectionString)
    {
        this.home = home;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayCluster> StartAsync()
    {
        var home = Path.Combine("/tmp", $"empfio-leads-cluster-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        var admin = await RunAsync("start", home);
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = "leads" }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE leads TEMPLATE template0 ENCODING 'UTF8'", connection);
        await create.ExecuteNonQueryAsync();
        return new ThrowawayCluster(home, connectionString);
    }

    public Task StopAsync() => RunAsync("stop", home);

    public Task StartAgainAsync() => RunAsync("start", home);

    private static async Task<string> RunAsync(string verb, string home)
    {
        var result = await ProcessRunner.RunAsync(Checkout.Root, "bash", "scripts/postgres.sh", verb, home);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres.sh {verb} failed: {result.Output}{result.Error}");
        }
        return result.Output.Trim().Split('\n').Last();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync("stop", home);
        Directory.Delete(home, recursive: true);
    }
}
