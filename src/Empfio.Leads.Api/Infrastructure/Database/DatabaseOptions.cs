namespace Empfio.Leads.Api.Infrastructure.Database;

public sealed class DatabaseOptions
{
    // From ConnectionStrings:Leads (ConnectionStrings__Leads).
    public string? ConnectionString { get; set; }

    // From Database:MigrateOnStartup (Database__MigrateOnStartup).
    public bool MigrateOnStartup { get; set; } = true;
}
