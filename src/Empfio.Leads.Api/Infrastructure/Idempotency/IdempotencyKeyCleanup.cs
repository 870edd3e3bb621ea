namespace Empfio.Leads.Api.Infrastructure.Idempotency;

// Recorded responses are kept 24 hours; after that their rows only take space.
public sealed partial class IdempotencyKeyCleanup(NpgsqlDataSource dataSource, ILogger<IdempotencyKeyCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM idempotency_keys WHERE claimed_at < now() - interval '25 hours'",
                    cancellationToken: stoppingToken));
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                LogCleanupFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete expired idempotency keys; will try again")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception);
}
