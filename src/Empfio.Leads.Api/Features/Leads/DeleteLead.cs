using System.Security.Claims;
using Dapper;
using Empfio.Leads.Api.Infrastructure.Auth;
using Empfio.Leads.Api.Infrastructure.Database;
using Empfio.Leads.Api.Infrastructure.OpenApi;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
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
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithOpenApi(LeadVersions.DescribeIfMatch);

    private static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        [FromRoute(Name = "lead_id")] Guid leadId, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        if (!LeadVersions.TryParseIfMatch(ifMatch, out var versions))
        {
            return LeadProblems.BadIfMatch();
        }
        var outcome = await mediator.Send(new Command(user.TenantId(), leadId, versions), cancellationToken);
        return outcome switch
        {
            null => TypedResults.NoContent(),
            NotWritten.VersionMismatch => LeadProblems.VersionMismatch(leadId),
            _ => LeadProblems.NotFound(leadId),
        };
    }

    // Null when the lead is deleted (or already was); else why nothing changed.
    public sealed record Command(string TenantId, Guid LeadId, long[]? IfMatch) : IRequest<NotWritten?>;

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Command, NotWritten?>
    {
        // Deleting twice is not an error and changes nothing the second time (updated_at
        // and version stay at the first deletion).
        private const string Sql = """
            UPDATE leads
            SET status = 'lost',
                updated_at = CASE WHEN status = 'lost' THEN updated_at ELSE now() END,
                version = CASE WHEN status = 'lost' THEN version ELSE version + 1 END
            WHERE tenant_id = @TenantId AND id = @LeadId
              AND (@IfMatch::bigint[] IS NULL OR version = ANY(@IfMatch))
            RETURNING true
            """;

        public async ValueTask<NotWritten?> Handle(Command command, CancellationToken cancellationToken)
        {
            var connection = await database.ConnectionAsync(cancellationToken);
            var deleted = await connection.QuerySingleOrDefaultAsync<bool>(
                new CommandDefinition(Sql, command, cancellationToken: cancellationToken));
            return deleted ? null : await GuardedWrite.WhyNotAsync(connection, command.TenantId, command.LeadId, cancellationToken);
        }
    }
}
