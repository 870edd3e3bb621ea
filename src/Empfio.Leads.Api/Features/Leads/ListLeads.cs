using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using NJsonSchema;
using NJsonSchema.Annotations;
using NSwag.Generation.Processors.Contexts;

namespace Empfio.Leads.Api.Features.Leads;

// Query values arrive as text so that a bad one is reported by name (see Paging).
public sealed record ListLeadsParameters(
    [property: FromQuery(Name = "page")] string? Page,
    [property: FromQuery(Name = "size")] string? Size,
    [property: FromQuery(Name = "status")] string? Status,
    [property: FromQuery(Name = "channel")] string? Channel,
    [property: FromQuery(Name = "channel_id")] string? ChannelId,
    [property: FromQuery(Name = "search")] string? Search);

public sealed record LeadPage
{
    public required IReadOnlyList<LeadSummary> Leads { get; init; }
    // Every lead that matches, on all pages.
    public required long Total { get; init; }
    public required int Page { get; init; }
    public required int Size { get; init; }
}

public static class ListLeads
{
    public static void MapListLeads(this RouteGroupBuilder leads) =>
        leads.MapGet("", HandleAsync)
            .WithName("listLeads")
            .WithSummary("List leads")
            .WithDescription(
                "The tenant's leads, newest first (created_at, then id, descending), a page at a time. " +
                "status, channel and channel_id filter and combine; channel_id is exact (with channel: the leads of one " +
                "conversation, lost ones included; the active one is the one not lost); search is a case-insensitive substring match over " +
                "name, email, company and phone in which %, _ and \\ are plain characters. total counts every " +
                "match; a page past the end has no leads.")
            .RequireAuthorization(AuthExtensions.ReadPolicy)
            .AddEndpointFilter<ValidationFilter<ListLeadsParameters>>()
            .ProducesValidationProblem()
            .WithOpenApi(DescribeQuery);

    // The query arrives as text (see ListLeadsParameters); the document says what it must be.
    private static void DescribeQuery(OperationProcessorContext context)
    {
        context.Describe("page", Paging.PageDescription, Paging.PageSchema());
        context.Describe("size", $"Leads per page, 1 to {Paging.MaxSize}.", Paging.SizeSchema());
        context.Describe("status", "Only leads with this status.", context.ReferenceTo<LeadStatus>());
        context.Describe("channel", "Only leads from this channel.", context.ReferenceTo<LeadChannel>());
        context.Describe("channel_id", "Only leads with exactly this channel_id (with channel: one conversation).",
            new JsonSchema { Type = JsonObjectType.String, MinLength = 1, MaxLength = LeadRules.ChannelIdMaxLength, Pattern = LeadRules.TextPattern });
        // The name generated clients give the argument (NSwag reads x-originalName).
        context.OperationDescription.Operation.Parameters.Single(p => p.Name == "channel_id").OriginalName = "channelId";
        context.Describe("search", "Case-insensitive substring of name, email, company or phone.",
            new JsonSchema { Type = JsonObjectType.String, MaxLength = LeadRules.SearchMaxLength, Pattern = LeadRules.NoControlPattern });
    }

    private static async Task<Ok<LeadPage>> HandleAsync(
        [AsParameters] ListLeadsParameters parameters, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        var search = string.IsNullOrEmpty(parameters.Search) ? null : parameters.Search;
        var page = await mediator.Send(
            new Query(user.TenantId(), Paging.PageNumber(parameters.Page), Paging.PageSize(parameters.Size), parameters.Status, parameters.Channel, parameters.ChannelId, search),
            cancellationToken);
        return TypedResults.Ok(page);
    }

    public sealed class Validator : AbstractValidator<ListLeadsParameters>
    {
        public Validator()
        {
            RuleFor(q => q.Page).PageNumber();
            RuleFor(q => q.Size).PageSize();
            RuleFor(q => q.Status).OneOf(LeadStatuses.All);
            RuleFor(q => q.Channel).OneOf(LeadChannels.All);
            RuleFor(q => q.ChannelId)
                .Must(id => id is not { Length: 0 }).WithMessage("'{PropertyName}' must not be empty.")
                .MaxCharacters(LeadRules.ChannelIdMaxLength).StorableText();
            RuleFor(q => q.Search).MaxCharacters(LeadRules.SearchMaxLength).StorableText()
                .Must(search => search is null || !search.Any(char.IsControl))
                .WithMessage("'{PropertyName}' must not contain control characters such as line breaks.");
        }
    }

    public sealed record Query(string TenantId, int Page, int Size, string? Status, string? Channel, string? ChannelId, string? Search)
        : IRequest<LeadPage>;

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Query, LeadPage>
    {
        // Trigram indexes find substrings of at least this many characters.
        private const int TrigramLength = 3;

        // Newest first with id as tie-break: a total order, so pages never overlap or skip.
        // Without a search the total comes from the counters the triggers keep, and the page
        // is chosen from the newest-first index alone (index-only, cheap for deep pages
        // too) before its rows are read.
        private const string Listed = """
            SELECT coalesce(sum(leads), 0)::bigint FROM lead_counts
            WHERE tenant_id = @TenantId
              AND (@Status::text IS NULL OR status = @Status)
              AND (@Channel::text IS NULL OR channel = @Channel);

            SELECT l.id, l.name, l.phone, l.email, l.company, l.channel, l.status, l.created_at, l.updated_at, l.version
            FROM (
                SELECT id, created_at FROM leads
                WHERE tenant_id = @TenantId
                  AND (@Status::text IS NULL OR status = @Status)
                  AND (@Channel::text IS NULL OR channel = @Channel)
                ORDER BY created_at DESC, id DESC
                LIMIT @Size OFFSET @Offset
            ) AS page
            JOIN leads AS l ON l.tenant_id = @TenantId AND l.id = page.id
            ORDER BY page.created_at DESC, page.id DESC;
            """;

        // With a search the matches are found first (MATERIALIZED: the planner may not walk
        // the newest-first index through the whole tenant looking for them), counted once,
        // and only the page is sorted and read. search_text holds the four fields, folded.
        private const string Searched = """
            WITH matches AS MATERIALIZED (
                SELECT id, created_at FROM leads
                WHERE tenant_id = @TenantId
                  AND {0}
                  AND (@Status::text IS NULL OR status = @Status)
                  AND (@Channel::text IS NULL OR channel = @Channel)
            )
            SELECT counted.total, l.id, l.name, l.phone, l.email, l.company, l.channel, l.status, l.created_at, l.updated_at, l.version
            FROM (SELECT count(*) AS total FROM matches) AS counted
            LEFT JOIN LATERAL (
                SELECT id, created_at FROM matches
                ORDER BY created_at DESC, id DESC
                LIMIT @Size OFFSET @Offset
            ) AS page ON true
            LEFT JOIN leads AS l ON l.tenant_id = @TenantId AND l.id = page.id
            ORDER BY page.created_at DESC, page.id DESC;
            """;

        // 3+ characters: LIKE, which the trigram index serves ('%', '_' and '\' escaped).
        private static readonly string SearchedByTrigrams =
            string.Format(Searched, @"search_text LIKE '%' || fold_case(@Escaped) || '%'");

        // 1-2 characters have no trigram: the tenant's rows are filtered one by one.
        private static readonly string SearchedShort =
            string.Format(Searched, "strpos(search_text, fold_case(@Term)) > 0");

        // One conversation (leads_tenant_conversation): a handful of rows, whatever else
        // filters them, counted directly (lead_counts has no channel_id).
        internal static readonly string OfConversation =
            string.Format(Searched, "channel_id = @ChannelId AND (@Term::text IS NULL OR strpos(search_text, fold_case(@Term)) > 0)");

        public async ValueTask<LeadPage> Handle(Query query, CancellationToken cancellationToken)
        {
            var parameters = new
            {
                query.TenantId,
                query.Status,
                query.Channel,
                query.ChannelId,
                Term = query.Search,
                Escaped = query.Search is null ? null : EscapeLike(query.Search),
                query.Size,
                Offset = Paging.Offset(query.Page, query.Size),
            };
            var connection = await database.ConnectionAsync(cancellationToken);

            if (query.Search is null && query.ChannelId is null)
            {
                await using var results = await connection.QueryMultipleAsync(
                    new CommandDefinition(Listed, parameters, cancellationToken: cancellationToken));
                var total = await results.ReadSingleAsync<long>();
                var leads = (await results.ReadAsync<LeadSummary>()).AsList();
                return new LeadPage { Leads = leads, Total = total, Page = query.Page, Size = query.Size };
            }

            var sql = query.ChannelId is not null ? OfConversation
                : LeadRules.Characters(query.Search!) >= TrigramLength ? SearchedByTrigrams
                : SearchedShort;
            // The total on every row; on a page past the end, one row with the total only.
            var rows = (await connection.QueryAsync<long, LeadSummary, (long Total, LeadSummary? Lead)>(
                new CommandDefinition(sql, parameters, cancellationToken: cancellationToken),
                (total, lead) => (total, lead), splitOn: "id")).AsList();
            return new LeadPage
            {
                Leads = rows.Where(row => row.Lead is not null).Select(row => row.Lead!).ToList(),
                Total = rows[0].Total,
                Page = query.Page,
                Size = query.Size,
            };
        }

        private static string EscapeLike(string term) =>
            term.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
    }
}
