using Empfio.Leads.Api.Features.Leads;
using NJsonSchema;
using NSwag;

namespace Empfio.Leads.Api.Infrastructure.Idempotency;

public static class IdempotencyExtensions
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    public static IServiceCollection AddLeadsIdempotency(this IServiceCollection services) =>
        services.AddHostedService<IdempotencyKeyCleanup>();

    // A POST that callers may retry: the first response to a key is recorded and replayed.
    public static RouteHandlerBuilder WithIdempotencyKey<TRequest>(this RouteHandlerBuilder endpoint) =>
        endpoint
            .AddEndpointFilter<IdempotencyFilter<TRequest>>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithOpenApi(context => context.OperationDescription.Operation.Parameters.Add(new OpenApiParameter
            {
                Name = Header,
                // The name generated clients give it (NSwag reads x-originalName), after the
                // body (x-position): CreateLeadAsync(request, idempotencyKey).
                OriginalName = "idempotencyKey",
                Position = 10,
                Kind = OpenApiParameterKind.Header,
                Description =
                    "Makes a retry safe: the first response to a key is stored for at least 24 hours and returned " +
                    "again (with Idempotent-Replayed: true) to a repeat with the same body, which has no further " +
                    "effect. The same key with another body is 422; a repeat while the first still runs is 409.",
                Schema = new JsonSchema { Type = JsonObjectType.String, MinLength = 1, MaxLength = MaxKeyLength, Pattern = LeadRules.NoControlPattern },
            }));
}
