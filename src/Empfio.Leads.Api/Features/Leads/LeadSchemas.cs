using NJsonSchema.Generation;

namespace Empfio.Leads.Api.Features.Leads;

// What attributes cannot say about the request schemas in the OpenAPI document.
public static class LeadSchemas
{
    public sealed class PreferredServiceItems : ISchemaProcessor
    {
        public void Process(SchemaProcessorContext context)
        {
            var items = context.Schema.Properties["preferred_services"].Item!;
            items.MinLength = 1;
            items.MaxLength = LeadRules.PreferredServiceMaxLength;
            items.Pattern = LeadRules.NonBlankTextPattern;
        }
    }

    // Optional properties that are refused when sent as null: not nullable (the default,
    // so nothing is written beside a $ref, where OpenAPI 3.0 ignores siblings).
    public sealed class NotNullable(params string[] properties) : ISchemaProcessor
    {
        public void Process(SchemaProcessorContext context)
        {
            foreach (var property in properties)
            {
                context.Schema.Properties[property].IsNullableRaw = null;
            }
        }
    }
}
