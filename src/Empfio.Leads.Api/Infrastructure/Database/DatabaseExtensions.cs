using System.Data;
using NpgsqlTypes;

namespace Empfio.Leads.Api.Infrastructure.Database;

public static class DatabaseExtensions
{
    public static IServiceCollection AddLeadsDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.ConnectionString = configuration.GetConnectionString("Leads");
                configuration.GetSection("Database").Bind(options);
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString),
                "ConnectionStrings:Leads (ConnectionStrings__Leads) is required.")
            .Validate(o => string.IsNullOrWhiteSpace(o.ConnectionString) || IsValidConnectionString(o.ConnectionString),
                "ConnectionStrings:Leads (ConnectionStrings__Leads) is not a valid Npgsql connection string.")
            .ValidateOnStart();

        // One data source (and so one connection pool) for the process; its name, not
        // the connection string, identifies it in logs and metrics.
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var builder = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = "leads" };
            // Fail fast when the database is unreachable (the caller gets a 503 and retries)
            // rather than hold requests for Npgsql's default 15 s; an explicit Timeout wins.
            if (!HasKey(options.ConnectionString!, "Timeout", "Connect Timeout", "Connection Timeout"))
            {
                builder.ConnectionStringBuilder.Timeout = 5;
            }
            // Handlers leave no session state (no SET, temporary tables or prepared
            // statements), so a pooled connection needs no DISCARD ALL before its next use.
            if (!HasKey(options.ConnectionString!, "No Reset On Close"))
            {
                builder.ConnectionStringBuilder.NoResetOnClose = true;
            }
            builder.UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>());
            return builder.Build();
        });

        // Scoped: one per request (see LeadsDatabase), shared by its idempotency filter and handler.
        services.AddScoped<LeadsDatabase>();

        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new JsonElementHandler());
        return services;
    }

    private static bool HasKey(string connectionString, params string[] keys)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.Any(given.ContainsKey);
    }

    private static bool IsValidConnectionString(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // jsonb columns read as JsonElement and written as jsonb.
    private sealed class JsonElementHandler : SqlMapper.TypeHandler<JsonElement>
    {
        public override JsonElement Parse(object value) =>
            JsonDocument.Parse((string)value).RootElement.Clone();

        public override void SetValue(IDbDataParameter parameter, JsonElement value)
        {
            parameter.Value = value.GetRawText();
            ((NpgsqlParameter)parameter).NpgsqlDbType = NpgsqlDbType.Jsonb;
        }
    }
}
