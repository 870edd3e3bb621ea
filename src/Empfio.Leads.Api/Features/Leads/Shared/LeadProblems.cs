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

    public static ProblemHttpResult VersionMismatch(Guid leadId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status412PreconditionFailed,
            title: "The lead has changed",
            detail: $"Lead '{leadId}' is no longer at the version given in If-Match; nothing was changed. Get it again and retry.");

    public static ProblemHttpResult BadIfMatch() =>
        TypedResults.Problem(new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { ["If-Match"] = [$"'If-Match' is not valid. {LeadVersions.IfMatchFormat}"] })
        {
            Status = StatusCodes.Status400BadRequest,
        });

    // A status change that would give the lead's conversation a second active lead.
    public static ProblemHttpResult ConversationTaken() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Conversation has an active lead",
            detail: "Another lead that is not lost already has this channel and channel_id; nothing was changed.");

    // The existing active lead of the same conversation; the caller's tenant's own lead.
    public static ProblemHttpResult Duplicate(Guid existingId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Duplicate lead",
            detail: $"An active lead with this channel and channel_id already exists: '{existingId}'.",
            extensions: new Dictionary<string, object?> { ["lead_id"] = existingId });
}
