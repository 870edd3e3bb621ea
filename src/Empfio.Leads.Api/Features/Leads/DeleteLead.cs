using System.Security.Claims;
using Dapper;
using Empfio.Leads.Api.Infrastructure.Auth;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Empfio.Leads.Api.Features.Leads;

public static class DeleteLead
{
    public static void MapDeleteLead(this RouteGroupBuilder leads) =>
        leads.MapDelete("/{lead_id:guid}", HandleAsync)
            .WithName("deleteLead")
            .WithSummary("Delete a lead")
            .WithDescription("Soft-deletes the lead by setting its status to lost. Deleting again is not an error.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        [FromRoute(Name = "lead_id")] Guid leadId, ClaimsPrincipal user, IMediator mediator,
        CancellationToken cancellationToken)
    {
        var found = await mediator.Send(new Command(user.TenantId(), leadId), cancellationToken);
        return found ? TypedResults.NoContent() : LeadProblems.NotFound(leadId);
    }

    public sealed record Command(string TenantId, Guid LeadId) : IRequest<bool>;

    public sealed class Handler(NpgsqlDataSource database) : IRequestHandler<Command, bool>
    {
        // Deleting twice is not an error and leaves updated_at at the first deletion.
        private const string Sql = """
            UPDATE leads
            SET status = 'lost',
                updated_at = CASE WHEN status = 'lost' THEN updated_at ELSE now() END
            WHERE tenant_id = @TenantId AND id = @LeadId
            """;

        public async ValueTask<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            var rows = await connection.ExecuteAsync(new CommandDefinition(Sql, command, cancellationToken: cancellationToken));
            return rows > 0;
        }
    }
}
