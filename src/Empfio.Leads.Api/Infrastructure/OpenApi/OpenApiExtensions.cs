using System.ComponentModel;
using Namotion.Reflection;
using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.Generation.TypeMappers;
using NSwag;
using NSwag.Generation.Processors.Security;

namespace Empfio.Leads.Api.Infrastructure.OpenApi;

public static class OpenApiExtensions
{
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddLeadsOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddOpenApiDocument(settings =>
        {
            settings.DocumentName = "v1";
            settings.Title = "Empfio Leads API";
            settings.Version = "v1";
            settings.Description =
                "Create, read, update, and manage leads in Empfio. All endpoints require a valid Bearer token " +
                "naming one tenant (claim tenant_id); a lead exists only for its own tenant.";

            // "uuid" is the format generators outside .NET know ("guid" is .NET's word).
            settings.SchemaSettings.TypeMappers.Add(new PrimitiveTypeMapper(typeof(Guid), schema =>
            {
                schema.Type = JsonObjectType.String;
                schema.Format = "uuid";
            }));
            settings.SchemaSettings.SchemaProcessors.Add(new TypeDescriptions());

            settings.AddSecurity(BearerScheme, new OpenApiSecurityScheme
            {
                Type = OpenApiSecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with iss, aud, exp and the tenant_id claim.",
            });
            // Applies the scheme to endpoints that require authorization, and only to them.
            settings.OperationProcessors.Add(new AspNetCoreOperationSecurityScopeProcessor(BearerScheme));
            settings.OperationProcessors.Add(new EndpointDocumentation());
            settings.PostProcess = document =>
            {
                document.Info.Contact = new OpenApiContact { Name = "Empfio Leads team" };
                document.Tags.Add(new OpenApiTag { Name = "Leads", Description = "Sales leads and their notes." });
                document.Tags.Add(new OpenApiTag { Name = "Events", Description = "Every change of a lead, as a feed that never skips." });
                ResponseDocumentation.Complete(document);
            };
        });
        return services;
    }

    // A type's [Description] becomes its schema's description (NJsonSchema reads only XML docs).
    private sealed class TypeDescriptions : ISchemaProcessor
    {
        public void Process(SchemaProcessorContext context)
        {
            if (context.ContextualType.GetAttribute<DescriptionAttribute>(inherit: false) is { } description)
            {
                context.Schema.Description = description.Description;
            }
        }
    }

    // Served anonymously: the document at /openapi/v1.json and a UI at /docs.
    public static WebApplication UseLeadsOpenApi(this WebApplication app)
    {
        app.UseOpenApi(settings =>
        {
            settings.Path = "/openapi/{documentName}.json";
            // One relative server, "/": clients use the address they were given (a gateway's
            // included), and the served document is the same whatever host it is fetched
            // through.
            settings.PostProcess = (document, _) =>
            {
                document.Servers.Clear();
                document.Servers.Add(new OpenApiServer { Url = "/", Description = "The address the document was fetched from." });
            };
        });
        app.UseSwaggerUi(settings =>
        {
            settings.Path = "/docs";
            settings.DocumentPath = "/openapi/{documentName}.json";
        });
        return app;
    }
}
