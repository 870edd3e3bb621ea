using NJsonSchema;
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

    // status may be null (meaning: not given). OpenAPI 3.0 ignores "nullable" beside a
    // $ref, so the reference goes into a one-element oneOf, the form generators read as
    // an optional enum.
    public sealed class NullableStatus : ISchemaProcessor
    {
        public void Process(SchemaProcessorContext context)
        {
            var status = context.Schema.Properties["status"];
            var statuses = status.ActualSchema;
            status.Reference = null;
            status.OneOf.Add(new JsonSchema { Reference = statuses });
            status.IsNullableRaw = true;
        }
    }
}
