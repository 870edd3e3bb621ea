namespace Empfio.Leads.Api.Features.Events;

public sealed class EventsOptions
{
    // Events older than this are removed (Events__RetentionDays).
    public int RetentionDays { get; set; } = 90;
}

// Removes events older than the retention window, each tenant's oldest first in feed
// order, in small batches (each a short statement: writers, which only insert new events,
// never wait for it). The last event removed is recorded per tenant, so a cursor from
// before it is answered 410 instead of silently skipping what was removed. One replica at
// a time does the work (an advisory lock); the others skip the round.
public sealed partial class EventRetention(
    NpgsqlDataSource dataSource, IOptions<EventsOptions> options, ILogger<EventRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(10);
    private const int BatchSize = 1000;
    // Any constant shared by all replicas.
    private const long RetentionLockKey = 0x_4C45_4144_5302;

    // The tenants that have events, by a skip scan of the primary key (one index probe per
    // tenant, not a walk through every event).
    private const string Tenants = """
        WITH RECURSIVE tenants AS (
            (SELECT tenant_id FROM lead_events ORDER BY tenant_id LIMIT 1)
            UNION ALL
            SELECT (SELECT e.tenant_id FROM lead_events AS e WHERE e.tenant_id > t.tenant_id ORDER BY e.tenant_id LIMIT 1)
            FROM tenants AS t
            WHERE t.tenant_id IS NOT NULL
        )
        SELECT tenant_id FROM tenants WHERE tenant_id IS NOT NULL
        """;

    // The tenant's oldest events, up to the first one still inside the window: what is
    // removed is always a prefix of the feed, so "after the last removed" is all there is.
    private const string RemoveBatch = """
        WITH oldest AS (
            SELECT txid, position, occurred_at < now() - make_interval(days => @RetentionDays) AS expired
            FROM lead_events
            WHERE tenant_id = @TenantId
            ORDER BY txid, position
            LIMIT @BatchSize
        ),
        kept AS (
            SELECT txid, position FROM oldest WHERE NOT expired ORDER BY txid, position LIMIT 1
        ),
        removed AS (
            DELETE FROM lead_events AS e
            USING oldest AS o
            WHERE e.tenant_id = @TenantId AND e.txid = o.txid AND e.position = o.position AND o.expired
              AND NOT EXISTS (SELECT 1 FROM kept AS k WHERE (k.txid, k.position) < (o.txid, o.position))
            RETURNING e.txid, e.position
        ),
        last AS (
            SELECT txid, position, (SELECT count(*) FROM removed) AS removed
            FROM removed ORDER BY txid DESC, position DESC LIMIT 1
        ),
        recorded AS (
            INSERT INTO lead_events_removed AS r (tenant_id, txid, position)
            SELECT @TenantId, txid, position FROM last
            ON CONFLICT (tenant_id) DO UPDATE SET txid = excluded.txid, position = excluded.position
            WHERE (r.txid, r.position) < (excluded.txid, excluded.position)
        )
        SELECT coalesce((SELECT removed FROM last), 0)
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RemoveExpiredAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                LogRetentionFailed(logger, exception);
            }
        }
    }

    // The command-line verb: one round, its result on output; false when the database failed.
    public async Task<bool> RemoveExpiredOnceAsync(TextWriter output)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var removed = await RemoveExpiredAsync(CancellationToken.None);
            await output.WriteLineAsync(
                $"removed {removed} events older than {options.Value.RetentionDays} days in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"Retention error: {exception.Message}");
            return false;
        }
    }

    // The events removed in this round; 0 when another replica holds the round.
    public async Task<long> RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(@Key)", new { Key = RetentionLockKey }, cancellationToken: cancellationToken)))
        {
            return 0;
        }
        try
        {
            var total = 0L;
            foreach (var tenant in await connection.QueryAsync<string>(new CommandDefinition(Tenants, cancellationToken: cancellationToken)))
            {
                long removed;
                do
                {
                    removed = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        RemoveBatch, new { TenantId = tenant, options.Value.RetentionDays, BatchSize }, cancellationToken: cancellationToken));
                    total += removed;
                }
                while (removed == BatchSize);
            }
            return total;
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@Key)", new { Key = RetentionLockKey });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove expired events; will try again")]
    private static partial void LogRetentionFailed(ILogger logger, Exception exception);
}
