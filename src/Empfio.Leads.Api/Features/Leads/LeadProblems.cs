using Microsoft.AspNetCore.Http.HttpResults;

namespace Empfio.Leads.Api.Features.Leads;

public static class LeadProblems
{
    // The same answer whether the lead does not exist or belongs to another tenant,
    // so a caller cannot learn that another tenant's id exists.
    public static ProblemHttpResult NotFound(Guid leadId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Lead not found",
            detail: $"There is no lead with id '{leadId}'.");
}
