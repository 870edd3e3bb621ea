using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Empfio.Leads.Api.Features.Leads;

public static class LeadProblems
{
    // The same answer whether the lead does not exist or belongs to another tenant,
    // so a caller cannot learn that another tenant's id exists.
    public static NotFound<ProblemDetails> NotFound(Guid leadId) =>
        TypedResults.NotFound(new ProblemDetails
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            Title = "Lead not found",
            Status = StatusCodes.Status404NotFound,
            Detail = $"There is no lead with id '{leadId}'.",
        });
}
