using Microsoft.AspNetCore.Mvc;

namespace Empfio.Leads.Api.Features.Leads;

public static class DeleteLead
{
    public static void MapDeleteLead(this RouteGroupBuilder leads) =>
        leads.MapDelete("/{lead_id:guid}", HandleAsync)
            .WithName("deleteLead")
            .WithSummary("Delete a lead")
            .WithDescription(
                "Soft-deletes the lead by setting its status to lost. Deleting again is not an error. " +
                "With If-Match it applies only to that version (else 412 and nothing changes).")
            .RequireAuthorization(AuthExtensions.WritePolicy)
            .WithOpenApi(LeadVersions.DescribeIfMatch);

    private static async Task<Results<NoContent, ValidationProblem, NotFoundProblem, PreconditionFailedProblem>> HandleAsync(
        [FromRoute(Name = "lead_id")] Guid leadId, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        if (!LeadVersions.TryParseIfMatch(ifMatch, out var versions))
        {
            return LeadProblems.BadIfMatch();
        }
        return await mediator.Send(new Command(user.TenantId(), user.Actor(), leadId, versions), cancellationToken) switch
        {
            Outcome.Deleted => TypedResults.NoContent(),
            Outcome.VersionMismatch => LeadProblems.VersionMismatch(leadId),
            _ => LeadProblems.NotFound(leadId),
        };
    }

    public sealed record Command(string TenantId, string Actor, Guid LeadId, long[]? IfMatch) : IRequest<Outcome>;

    public enum Outcome
    {
        // Deleted now, or already lost (at a version If-Match allows): 204 either way.
        Deleted,
        // The lead is at another version (412).
        VersionMismatch,
        // There is no such lead for this tenant (404).
        NotFound,
    }

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Command, Outcome>
    {
        // A lead already lost is not written again: deleting twice is not an error, and
        // the second time changes nothing (no new version, no event).
        private const string Sql = """
            UPDATE leads
            SET status = 'lost',
                updated_at = now(),
                version = version + 1,
                change = ROW('lead.deleted', @Actor)::lead_change
            WHERE tenant_id = @TenantId AND id = @LeadId AND status <> 'lost'
              AND (@IfMatch::bigint[] IS NULL OR version = ANY(@IfMatch))
            RETURNING true
            """;

        // Asked only when the UPDATE wrote nothing: null when there is no such lead.
        private const string AlreadyDeleted = """
            SELECT status = 'lost' AND (@IfMatch::bigint[] IS NULL OR version = ANY(@IfMatch))
            FROM leads
            WHERE tenant_id = @TenantId AND id = @LeadId
            """;

        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var connection = await database.ConnectionAsync(cancellationToken);
            if (await connection.QuerySingleOrDefaultAsync<bool>(new CommandDefinition(Sql, command, cancellationToken: cancellationToken)))
            {
                return Outcome.Deleted;
            }
            return await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(AlreadyDeleted, command, cancellationToken: cancellationToken)) switch
            {
                true => Outcome.Deleted,
                false => Outcome.VersionMismatch,
                null => Outcome.NotFound,
            };
        }
    }
}
