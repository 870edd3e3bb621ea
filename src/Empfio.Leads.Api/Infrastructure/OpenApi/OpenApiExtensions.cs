namespace Empfio.Leads.Api.Infrastructure.OpenApi;

public static class OpenApiExtensions
{
    public static IServiceCollection AddLeadsOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddOpenApiDocument(document =>
        {
            document.DocumentName = "v1";
            document.Title = "Empfio Leads API";
            document.Version = "v1";
        });
        return services;
    }

    // Served anonymously: the document at /openapi/v1.json and a UI at /docs.
    public static WebApplication UseLeadsOpenApi(this WebApplication app)
    {
        app.UseOpenApi(settings => settings.Path = "/openapi/{documentName}.json");
        app.UseSwaggerUi(settings =>
        {
            settings.Path = "/docs";
            settings.DocumentPath = "/openapi/{documentName}.json";
        });
        return app;
    }
}
