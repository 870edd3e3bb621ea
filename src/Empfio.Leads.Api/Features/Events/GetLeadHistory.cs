using Empfio.Leads.Api.Features.Leads;
using Microsoft.AspNetCore.Mvc;

namespace Empfio.Leads.Api.Features.Events;

public sealed record LeadHistoryParameters(
    [property: FromQuery(Name = "page")] string? Page,
    [property: FromQuery(Name = "size")] string? Size);

public sealed record LeadHistory
{
    // Oldest first.
    public required IReadOnlyList<LeadEvent> Events { get; init; }
    // Every event of the lead that is retained, on all pages.
    public required long Total { get; init; }
    public required int Page { get; init; }
    public required int Size { get; init; }
}

public static class GetLeadHistory
{
    // On the leads group: the history is a lead's, under its URL.
    public static void MapGetLeadHistory(this RouteGroupBuilder leads) =>
        leads.MapGet("/{lead_id:guid}/history", HandleAsync)
            .WithName("getLeadHistory")
            .WithSummary("Get a lead's history")
            .WithDescription(
                "The lead's events, oldest first, a page at a time: who changed what, from what to what, and when. " +
                "Events older than the retention window are no longer listed.")
            .RequireAuthorization(AuthExtensions.ReadPolicy)
            .AddEndpointFilter<ValidationFilter<LeadHistoryParameters>>()
            .ProducesValidationProblem()
            .WithOpenApi(context =>
            {
                context.Describe("page", Paging.PageDescription, Paging.PageSchema());
                context.Describe("size", $"Events per page, 1 to {Paging.MaxSize}.", Paging.SizeSchema());
            });

    private static async Task<Results<Ok<LeadHistory>, NotFoundProblem>> HandleAsync(
        [FromRoute(Name = "lead_id")] Guid leadId, [AsParameters] LeadHistoryParameters parameters, ClaimsPrincipal user,
        IMediator mediator, CancellationToken cancellationToken)
    {
        var history = await mediator.Send(
            new Query(user.TenantId(), leadId, Paging.PageNumber(parameters.Page), Paging.PageSize(parameters.Size)), cancellationToken);
        return history is null ? LeadProblems.NotFound(leadId) : TypedResults.Ok(history);
    }

    public sealed class Validator : AbstractValidator<LeadHistoryParameters>
    {
        public Validator()
        {
            RuleFor(q => q.Page).PageNumber();
            RuleFor(q => q.Size).PageSize();
        }
    }

    // Null when the tenant has no such lead.
    public sealed record Query(string TenantId, Guid LeadId, int Page, int Size) : IRequest<LeadHistory?>;

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Query, LeadHistory?>
    {
        // A lead's events in feed order are its versions in order (lead_events_tenant_lead).
        private const string Sql = $"""
            SELECT EXISTS (SELECT 1 FROM leads WHERE tenant_id = @TenantId AND id = @LeadId);

            SELECT count(*) FROM lead_events WHERE tenant_id = @TenantId AND lead_id = @LeadId;

            SELECT {StoredEvent.Columns}
            FROM lead_events
            WHERE tenant_id = @TenantId AND lead_id = @LeadId
            ORDER BY txid, position
            LIMIT @Size OFFSET @Offset;
            """;

        public async ValueTask<LeadHistory?> Handle(Query query, CancellationToken cancellationToken)
        {
            var connection = await database.ConnectionAsync(cancellationToken);
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new
            {
                query.TenantId,
                query.LeadId,
                query.Size,
                Offset = Paging.Offset(query.Page, query.Size),
            }, cancellationToken: cancellationToken));
            if (!await results.ReadSingleAsync<bool>())
            {
                return null;
            }
            var total = await results.ReadSingleAsync<long>();
            var events = await results.ReadAsync<StoredEvent>();
            return new LeadHistory
            {
                Events = events.Select(e => e.ToEvent()).ToList(),
                Total = total,
                Page = query.Page,
                Size = query.Size,
            };
        }
    }
}
