using Namotion.Reflection;
using NJsonSchema;
using NSwag;
using NSwag.Generation.Processors.Contexts;

namespace Empfio.Leads.Api.Infrastructure.OpenApi;

// Query values arrive as text (so that a bad one is a 400 naming it); the document says
// what each must be. Used from a slice's .WithOpenApi(...).
public static class QueryParameters
{
    public static OpenApiParameter Describe(this OperationProcessorContext context, string name, string description, JsonSchema schema)
    {
        var parameter = context.OperationDescription.Operation.Parameters.Single(p => p.Name == name);
        parameter.Description = description;
        parameter.Schema = schema;
        return parameter;
    }

    // A reference to the schema of T (an enum of the API), as its properties have.
    public static JsonSchema ReferenceTo<T>(this OperationProcessorContext context) =>
        context.SchemaGenerator.GenerateWithReferenceAndNullability<JsonSchema>(
            typeof(T).ToContextualType(), isNullable: false, context.SchemaResolver);
}
