using Microsoft.AspNetCore.Http.Metadata;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace Empfio.Leads.Api.Infrastructure.OpenApi;

// An endpoint's own addition to its OpenAPI operation, declared next to its route with
// .WithOpenApi(...), so a slice keeps its documentation with its code.
public sealed record OpenApiOperationEdit(Action<OperationProcessorContext> Apply);

public static class OpenApiEndpointExtensions
{
    public static TBuilder WithOpenApi<TBuilder>(this TBuilder builder, Action<OperationProcessorContext> edit)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenApiOperationEdit(edit));
}

// NSwag does not read minimal-API summaries and descriptions: carry them, and each
// endpoint's edits, into the operation.
internal sealed class EndpointDocumentation : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (context is not AspNetCoreOperationProcessorContext endpoint)
        {
            return true;
        }

        var operation = context.OperationDescription.Operation;
        foreach (var metadata in endpoint.ApiDescription.ActionDescriptor.EndpointMetadata)
        {
            switch (metadata)
            {
                case IEndpointSummaryMetadata summary:
                    operation.Summary = summary.Summary;
                    break;
                case IEndpointDescriptionMetadata description:
                    operation.Description = description.Description;
                    break;
                case OpenApiOperationEdit edit:
                    edit.Apply(context);
                    break;
            }
        }
        return true;
    }
}
