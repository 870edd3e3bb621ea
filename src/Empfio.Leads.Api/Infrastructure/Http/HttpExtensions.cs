using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Empfio.Leads.Api.Infrastructure.Http;

public static class HttpExtensions
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    // Validation errors name fields as the wire does (snake_case), in errors and messages.
    // FluentValidation's options are global: set once, for the service and its tests.
    public static void UseWireNamesInValidation()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
    }

    public static IServiceCollection AddLeadsHttp(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json =>
        {
            var options = json.SerializerOptions;
            options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.PropertyNameCaseInsensitive = false;
            // A misspelt or read-only field (id, created_at) must not vanish silently.
            options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.AllowDuplicateProperties = false;
            options.NumberHandling = JsonNumberHandling.Strict;
        });

        // Binding failures (malformed JSON, wrong content type) become exceptions that the
        // one exception handler turns into problem details naming the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Larger bodies are 413 before they are read (Kestrel).
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context => FieldViolations.Add(context.ProblemDetails));
        services.AddExceptionHandler<ProblemExceptionHandler>();

        UseWireNamesInValidation();
        services.AddValidatorsFromAssemblyContaining<ProblemExceptionHandler>(ServiceLifetime.Singleton);
        return services;
    }

    public static WebApplication UseLeadsHttp(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Gives bodiless errors (401 and 403 from authentication, 404 for unknown routes)
        // a problem details body too.
        app.UseStatusCodePages();
        app.UseUtf8Bodies();
        return app;
    }
}
