using DbUp;
using DbUp.Engine;

namespace Empfio.Leads.Api.Infrastructure.Database;

// Versioned .sql files under Database/Migrations, embedded in the assembly and applied
// in name order by DbUp, which records each one in the schemaversions table.
public static class Migrations
{
    // Any constant shared by all replicas: it serialises replicas that start together.
    private const long MigrationLockKey = 0x_4C45_4144_5301;

    // False, with one line on stderr naming the cause, when the database is unreachable,
    // refuses the credentials or a script fails: the caller exits 1 rather than crash
    // with a stack trace.
    public static bool TryMigrateDatabase(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        try
        {
            Apply(options.ConnectionString!, loggers);
        }
        catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"Migration error: {failure.Message}");
            return false;
        }
        loggers.CreateLogger(typeof(Migrations)).LogInformation("Database schema is up to date");
        return true;
    }

    public static void Apply(string connectionString, ILoggerFactory loggers)
    {
        // A session of its own, outside the pool: closing it is what releases the lock. A
        // pooled connection keeps its session (and the lock) open after Dispose, and every
        // replica started later waited for the lock until its command timed out.
        using var lockConnection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        lockConnection.Open();
        using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            take.ExecuteNonQuery();
        }

        var result = Engine(connectionString).LogTo(loggers).Build().PerformUpgrade();
        // Closing the session releases the advisory lock.
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migration '{result.ErrorScript?.Name}' failed: {result.Error.Message}", result.Error);
        }
    }

    public static bool IsUpToDate(string connectionString) =>
        !Engine(connectionString).LogToNowhere().Build().IsUpgradeRequired();

    private static DbUp.Builder.UpgradeEngineBuilder Engine(string connectionString) =>
        DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(Migrations).Assembly, name => name.Contains(".Database.Migrations."))
            .WithTransactionPerScript();
}
