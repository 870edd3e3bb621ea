namespace Empfio.Leads.Api.Features.Leads;

public static class LeadProblems
{
    // The same answer whether the lead does not exist or belongs to another tenant,
    // so a caller cannot learn that another tenant's id exists.
    public static NotFoundProblem NotFound(Guid leadId) =>
        new("Lead not found", $"There is no lead with id '{leadId}'.");

    public static PreconditionFailedProblem VersionMismatch(Guid leadId) =>
        new("The lead has changed",
            $"Lead '{leadId}' is no longer at the version given in If-Match; nothing was changed. Get it again and retry.");

    public static ValidationProblem BadIfMatch() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["If-Match"] = [$"'If-Match' is not valid. {LeadVersions.IfMatchFormat}"],
        });

    // A status change that would give the lead's conversation a second active lead.
    public static ConflictProblem ConversationTaken() =>
        new("Conversation has an active lead",
            "Another lead that is not lost already has this channel and channel_id; nothing was changed.");

    // The existing active lead of the same conversation; the caller's tenant's own lead.
    public static ConflictProblem Duplicate(Guid existingId) =>
        new("Duplicate lead",
            $"An active lead with this channel and channel_id already exists: '{existingId}'.",
            new Dictionary<string, object?> { ["lead_id"] = existingId });
}
