using Empfio.Leads.Api.Features.Events;

namespace Empfio.Leads.Api.Features.Leads;

public static class LeadsEndpoints
{
    // One group: every endpoint needs a bearer token that names exactly one tenant.
    public static IEndpointRouteBuilder MapLeadsEndpoints(this IEndpointRouteBuilder app)
    {
        var leads = app.MapGroup("/api/v1/leads")
            .RequireAuthorization(AuthExtensions.TenantPolicy)
            .AddEndpointFilter(new SingleValuedQuery())
            .WithTags("Leads")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        leads.MapListLeads();
        leads.MapGetLead();
        leads.MapCreateLead();
        leads.MapUpdateLead();
        leads.MapDeleteLead();
        leads.MapAddLeadNote();
        leads.MapGetLeadHistory();
        return app;
    }
}
