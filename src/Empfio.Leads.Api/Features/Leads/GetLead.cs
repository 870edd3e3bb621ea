using Microsoft.AspNetCore.Mvc;

namespace Empfio.Leads.Api.Features.Leads;

public static class GetLead
{
    private const string Name = "getLead";

    // A lead's URL for Location headers: absolute from the request's host, or only the
    // path when the request named none (HTTP/1.0 without Host), never "http:///...".
    public static string UrlOf(Guid leadId, LinkGenerator links, HttpContext http) =>
        (http.Request.Host.HasValue
            ? links.GetUriByName(http, Name, new { lead_id = leadId })
            : links.GetPathByName(http, Name, new { lead_id = leadId }))
        ?? throw new InvalidOperationException($"The route {Name} is not mapped.");

    public static void MapGetLead(this RouteGroupBuilder leads) =>
        leads.MapGet("/{lead_id:guid}", HandleAsync)
            .WithName(Name)
            .WithSummary("Get a lead")
            .WithDescription("Returns the full lead record including all fields, metadata, and timestamps; its version as ETag.")
            .RequireAuthorization(AuthExtensions.ReadPolicy);

    private static async Task<Results<Ok<Lead>, NotFoundProblem>> HandleAsync(
        [FromRoute(Name = "lead_id")] Guid leadId, ClaimsPrincipal user, HttpResponse response, IMediator mediator,
        CancellationToken cancellationToken)
    {
        var lead = await mediator.Send(new Query(user.TenantId(), leadId), cancellationToken);
        if (lead is null)
        {
            return LeadProblems.NotFound(leadId);
        }
        response.SetETag(lead.Version);
        return TypedResults.Ok(lead);
    }

    public sealed record Query(string TenantId, Guid LeadId) : IRequest<Lead?>;

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Query, Lead?>
    {
        private const string Sql = $"""
            SELECT {Lead.Columns}
            FROM leads
            WHERE tenant_id = @TenantId AND id = @LeadId
            """;

        public async ValueTask<Lead?> Handle(Query query, CancellationToken cancellationToken)
        {
            var connection = await database.ConnectionAsync(cancellationToken);
            return await connection.QuerySingleOrDefaultAsync<Lead>(
                new CommandDefinition(Sql, query, cancellationToken: cancellationToken));
        }
    }
}
