namespace Empfio.Leads.Api.Features.Events;

public sealed record EventsCursor
{
    public required string Cursor { get; init; }
}

public static class GetEventsCursor
{
    public static void MapGetEventsCursor(this RouteGroupBuilder events) =>
        events.MapGet("/cursor", HandleAsync)
            .WithName("getEventsCursor")
            .WithSummary("Get the current feed position")
            .WithDescription(
                "A cursor just after the newest committed event, for GET /api/v1/events?after=. To copy the leads and " +
                "then stay in sync: take this cursor, page through GET /api/v1/leads, then apply the feed from the " +
                "cursor (each event's lead where its lead_version is newer than your copy's).")
            .RequireAuthorization(AuthExtensions.ReadPolicy);

    private static async Task<Ok<EventsCursor>> HandleAsync(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(new EventsCursor { Cursor = (await mediator.Send(new Query(), cancellationToken)).ToString() });

    public sealed record Query : IRequest<EventCursor>;

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Query, EventCursor>
    {
        // Every transaction older than the horizon has ended: its events are visible, and
        // every event still to commit sorts after (horizon, 0). The same for every tenant.
        private const string Sql = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

        public async ValueTask<EventCursor> Handle(Query query, CancellationToken cancellationToken)
        {
            var connection = await database.ConnectionAsync(cancellationToken);
            return new EventCursor(await connection.ExecuteScalarAsync<long>(new CommandDefinition(Sql, cancellationToken: cancellationToken)), 0);
        }
    }
}
