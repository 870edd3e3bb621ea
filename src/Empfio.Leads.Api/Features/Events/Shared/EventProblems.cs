using Microsoft.AspNetCore.Http.HttpResults;

namespace Empfio.Leads.Api.Features.Events;

public static class EventProblems
{
    public static ProblemHttpResult CursorExpired() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status410Gone,
            title: "Cursor expired",
            detail: "Events after this cursor were removed by retention, so following it would skip changes. " +
                    "Resynchronize: take GET /api/v1/events/cursor, copy the leads with GET /api/v1/leads, then follow the feed from that cursor.");
}
