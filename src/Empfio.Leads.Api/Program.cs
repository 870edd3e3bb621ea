using Empfio.Leads.Api.Features.Events;
using Empfio.Leads.Api.Features.Leads;
using Empfio.Leads.Api.Infrastructure.Configuration;
using Empfio.Leads.Api.Infrastructure.Health;
using Empfio.Leads.Api.Infrastructure.Hosting;
using Empfio.Leads.Api.Infrastructure.Idempotency;

var builder = WebApplication.CreateBuilder(args);

if (args is ["token", .. var tokenArgs])
{
    return DevelopmentTokens.Print(builder.Configuration, tokenArgs);
}

builder.AddLeadsObservability();
builder.Services.AddLeadsHosting();
builder.Services.AddLeadsDatabase();
builder.Services.AddLeadsIdempotency();
builder.Services.AddLeadsEvents();
builder.Services.AddLeadsAuthentication();
builder.Services.AddLeadsHttp();
builder.Services.AddLeadsOpenApi();
builder.Services.AddLeadsHealthChecks();
builder.Services.AddMediator((Mediator.MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped);

var app = builder.Build();

if (app.ConfigurationFailures() is [_, ..] failures)
{
    // One line naming every missing or invalid key, then stop: never start half-configured.
    Console.Error.WriteLine($"Configuration error: {string.Join(" ", failures)}");
    return 1;
}

if (args is ["remove-expired-events"])
{
    // One round of event retention, as the service runs it every 10 minutes (for cron, or
    // to measure it): prints the events removed and how long it took.
    var removed = await app.Services.GetRequiredService<EventRetention>().RemoveExpiredOnceAsync(Console.Out);
    await app.DisposeAsync();
    return removed ? 0 : 1;
}
if (args is ["migrate"])
{
    var migrated = app.TryMigrateDatabase();
    await app.DisposeAsync(); // the log is written in the background: flush it before exit
    return migrated ? 0 : 1;
}
if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup && !app.TryMigrateDatabase())
{
    await app.DisposeAsync();
    return 1;
}

app.UseLeadsHosting();
app.UseLeadsHttp();
app.UseLeadsOpenApi();
app.UseAuthentication();
app.UseAuthorization();
app.MapLeadsHealthChecks();
app.MapLeadsEndpoints();
app.MapEventsEndpoints();

app.Run();
return 0;

public partial class Program;
