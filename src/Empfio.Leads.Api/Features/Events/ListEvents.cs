using Microsoft.AspNetCore.Mvc;
using NJsonSchema;
using NSwag.Generation.Processors.Contexts;

namespace Empfio.Leads.Api.Features.Events;

// As text, so that a bad value is a 400 naming it; type may be repeated or comma-separated.
public sealed record ListEventsParameters(
    [property: FromQuery(Name = "after")] string? After,
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "type")] string[]? Type,
    [property: FromQuery(Name = "lead_id")] string? LeadId)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public IReadOnlyList<string> Types =>
        (Type ?? []).SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries)).ToArray();
}

public sealed record EventPage
{
    // In commit order, oldest first.
    public required IReadOnlyList<LeadEvent> Events { get; init; }
    // Where to continue: always present, the same as after when nothing new was found.
    public required string NextCursor { get; init; }
    // More events were ready than limit: ask again at once with next_cursor.
    public required bool HasMore { get; init; }
}

public static class ListEvents
{
    public static void MapListEvents(this RouteGroupBuilder events) =>
        events.MapGet("", HandleAsync)
            .WithName("listEvents")
            .WithSummary("List events")
            .WithDescription(
                "The tenant's change feed: every committed change of a lead (created, updated, deleted, note added), " +
                "in commit order, exactly once. Start without after (the oldest retained event) or from " +
                "GET /api/v1/events/cursor, then keep asking with next_cursor: no event is ever skipped or repeated, " +
                "even one whose transaction committed late, and each lead's events come in version order. type " +
                "(repeated or comma-separated) and lead_id filter. A cursor older than the retention window is 410: " +
                "copy the leads again and continue from a new cursor.")
            .RequireAuthorization(AuthExtensions.ReadPolicy)
            .AddEndpointFilter<ValidationFilter<ListEventsParameters>>()
            .ProducesValidationProblem()
            .WithOpenApi(DescribeQuery);

    private static void DescribeQuery(OperationProcessorContext context)
    {
        context.Describe("after", "A cursor from an earlier response (next_cursor) or from GET /api/v1/events/cursor.",
            new JsonSchema { Type = JsonObjectType.String, MinLength = 22, MaxLength = 22, Pattern = "^[A-Za-z0-9_-]{22}$" });
        context.Describe("limit", $"Events per response, 1 to {ListEventsParameters.MaxLimit}.",
            new JsonSchema { Type = JsonObjectType.Integer, Format = "int32", Minimum = 1, Maximum = ListEventsParameters.MaxLimit, Default = ListEventsParameters.DefaultLimit });
        var type = context.Describe("type",
            "Only events of these types: the parameter repeated (type=lead.created&type=lead.deleted); a comma-separated list in one value is accepted too.",
            new JsonSchema { Type = JsonObjectType.Array, Item = context.ReferenceTo<LeadEventType>() });
        type.Explode = true;
        type.Style = NSwag.OpenApiParameterStyle.Form;
        context.Describe("lead_id", "Only the events of this lead.", new JsonSchema { Type = JsonObjectType.String, Format = "uuid" })
            .OriginalName = "leadId";
    }

    private static async Task<Results<Ok<EventPage>, GoneProblem>> HandleAsync(
        [AsParameters] ListEventsParameters parameters, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        EventCursor? after = EventCursor.TryParse(parameters.After, out var cursor) ? cursor : null;
        var page = await mediator.Send(new Query(
            user.TenantId(), after,
            Paging.NumberOr(parameters.Limit, ListEventsParameters.DefaultLimit),
            parameters.Types is [_, ..] types ? types.Distinct().ToArray() : null,
            parameters.LeadId is null ? null : Guid.Parse(parameters.LeadId)), cancellationToken);
        return page is null ? EventProblems.CursorExpired() : TypedResults.Ok(page);
    }

    public sealed class Validator : AbstractValidator<ListEventsParameters>
    {
        public Validator()
        {
            RuleFor(q => q.After)
                .Must(after => after is null || EventCursor.TryParse(after, out _))
                .WithMessage("'{PropertyName}' is not a cursor of this API: use next_cursor of an earlier response or GET /api/v1/events/cursor.");
            RuleFor(q => q.Limit).NumberUpTo(ListEventsParameters.MaxLimit);
            RuleFor(q => q.Types)
                .Must(types => types.All(LeadEventTypes.All.Contains))
                .OverridePropertyName("type")
                .WithMessage($"'type' must be one or more of: {string.Join(", ", LeadEventTypes.All)}.");
            RuleFor(q => q.LeadId)
                .Must(id => id is null || Guid.TryParse(id, out _))
                .WithMessage("'{PropertyName}' must be a UUID.");
        }
    }

    // Null when events after the cursor were removed by retention (410).
    public sealed record Query(string TenantId, EventCursor? After, int Limit, string[]? Types, Guid? LeadId) : IRequest<EventPage?>;

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Query, EventPage?>
    {
        // Only events of transactions older than every one still running (the horizon):
        // one that commits later sorts after them, so a cursor never passes an event that
        // is not yet visible (migration 0006 explains the order). The horizon is returned
        // on a row of its own, with the events (if any) after it.
        private const string Sql = $"""
            WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS txid)
            SELECT horizon.txid AS horizon, e.*
            FROM horizon
            LEFT JOIN LATERAL (
                SELECT {StoredEvent.Columns}
                FROM lead_events
                WHERE tenant_id = @TenantId
                  AND (txid, position) > (@AfterTxid, @AfterPosition)
                  AND txid < horizon.txid
                  AND (@Types::text[] IS NULL OR type = ANY(@Types))
                  AND (@LeadId::uuid IS NULL OR lead_id = @LeadId)
                ORDER BY txid, position
                LIMIT @Take
            ) AS e ON true
            ORDER BY e.txid, e.position
            """;

        // Asked after the events were read (a later snapshot): if retention had removed
        // any event after the cursor before that read, it has recorded so by now.
        private const string Removed = """
            SELECT EXISTS (
                SELECT 1 FROM lead_events_removed
                WHERE tenant_id = @TenantId AND (txid, position) > (@AfterTxid, @AfterPosition))
            """;

        public async ValueTask<EventPage?> Handle(Query query, CancellationToken cancellationToken)
        {
            var after = query.After ?? EventCursor.Start;
            var parameters = new
            {
                query.TenantId,
                AfterTxid = after.Txid,
                AfterPosition = after.Position,
                query.Types,
                query.LeadId,
                Take = query.Limit + 1,
            };
            var connection = await database.ConnectionAsync(cancellationToken);
            // The horizon on every row; without events, one row with the horizon only.
            var rows = (await connection.QueryAsync<long, StoredEvent, (long Horizon, StoredEvent? Event)>(
                new CommandDefinition(Sql, parameters, cancellationToken: cancellationToken),
                (horizon, stored) => (horizon, stored), splitOn: "id")).AsList();
            if (query.After is not null
                && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(Removed, parameters, cancellationToken: cancellationToken)))
            {
                return null;
            }

            var found = rows.Where(row => row.Event is not null).Select(row => row.Event!).ToList();
            var events = found.Take(query.Limit).ToList();
            var next = events is [.., var last] ? last.Cursor
                : query.After ?? new EventCursor(rows[0].Horizon, 0);
            return new EventPage
            {
                Events = events.Select(e => e.ToEvent()).ToList(),
                NextCursor = next.ToString(),
                HasMore = found.Count > query.Limit,
            };
        }
    }
}
