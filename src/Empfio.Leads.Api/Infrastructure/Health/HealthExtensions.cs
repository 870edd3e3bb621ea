using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Empfio.Leads.Api.Infrastructure.Health;

public static class HealthExtensions
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddLeadsHealthChecks(this IServiceCollection services)
    {
        // One instance for the process, so "migrations applied" is learnt once, not asked of
        // the database (through DbUp) on every probe.
        services.AddSingleton<DatabaseReadyCheck>();
        // A probe answers within seconds even when the database does not.
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3));
        return services;
    }

    // Live: the process answers, nothing else (a database outage must not restart it).
    // Ready: the database answers and has every migration this build knows.
    public static IEndpointRouteBuilder MapLeadsHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }

    internal sealed class DatabaseReadyCheck(NpgsqlDataSource database, IOptions<DatabaseOptions> options) : IHealthCheck
    {
        // Migrations never un-apply, so once seen up to date this need not be asked again.
        private volatile bool migrated;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                await using var command = database.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                migrated = migrated || Migrations.IsUpToDate(options.Value.ConnectionString!);
                return migrated
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("Database migrations are not applied.");
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                // As for requests (ProblemExceptionHandler): after an outage the next check
                // starts from fresh connections.
                if (DatabaseErrors.IsGone(exception))
                {
                    database.Clear();
                }
                return HealthCheckResult.Unhealthy("Database is unreachable.", exception);
            }
        }
    }
}
