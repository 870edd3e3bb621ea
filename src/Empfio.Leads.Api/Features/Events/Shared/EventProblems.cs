namespace Empfio.Leads.Api.Features.Events;

public static class EventProblems
{
    public static GoneProblem CursorExpired() =>
        new("Cursor expired",
            "Events after this cursor were removed by retention, so following it would skip changes. " +
            "Resynchronize: take GET /api/v1/events/cursor, copy the leads with GET /api/v1/leads, then follow the feed from that cursor.");
}
