using System.Security.Claims;
using Dapper;
using Empfio.Leads.Api.Infrastructure.Auth;
using Empfio.Leads.Api.Infrastructure.Http;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Empfio.Leads.Api.Features.Leads;

// Query values arrive as text so that a bad one ("page=abc") is reported by name,
// like every other validation error, instead of failing in binding.
public sealed record ListLeadsQuery(
    [property: FromQuery(Name = "page")] string? Page,
    [property: FromQuery(Name = "size")] string? Size,
    [property: FromQuery(Name = "status")] string? Status,
    [property: FromQuery(Name = "channel")] string? Channel,
    [property: FromQuery(Name = "search")] string? Search)
{
    public const int DefaultPage = 1;
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    public int PageNumber => Page is null ? DefaultPage : int.Parse(Page);
    public int PageSize => Size is null ? DefaultSize : int.Parse(Size);
}

public sealed record LeadSummary(
    Guid Id, string Name, string? Phone, string? Email, string? Company, string Channel, string Status, DateTime CreatedAt);

public sealed record LeadPage(IReadOnlyList<LeadSummary> Leads, long Total, int Page, int Size);

public static class ListLeads
{
    public static void MapListLeads(this RouteGroupBuilder leads) =>
        leads.MapGet("", HandleAsync)
            .WithName("listLeads")
            .WithSummary("List leads, newest first")
            .AddEndpointFilter<ValidationFilter<ListLeadsQuery>>()
            .ProducesValidationProblem();

    private static async Task<Ok<LeadPage>> HandleAsync(
        [AsParameters] ListLeadsQuery query, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        var search = string.IsNullOrEmpty(query.Search) ? null : query.Search;
        var page = await mediator.Send(
            new Query(user.TenantId(), query.PageNumber, query.PageSize, query.Status, query.Channel, search),
            cancellationToken);
        return TypedResults.Ok(page);
    }

    public sealed class Validator : AbstractValidator<ListLeadsQuery>
    {
        public Validator()
        {
            RuleFor(q => q.Page)
                .Must(page => page is null || int.TryParse(page, out var number) && number >= 1)
                .WithMessage("'{PropertyName}' must be an integer of at least 1.");
            RuleFor(q => q.Size)
                .Must(size => size is null || int.TryParse(size, out var number) && number is >= 1 and <= ListLeadsQuery.MaxSize)
                .WithMessage($"'{{PropertyName}}' must be an integer from 1 to {ListLeadsQuery.MaxSize}.");
            RuleFor(q => q.Status).OneOf(LeadStatuses.All);
            RuleFor(q => q.Channel).OneOf(LeadChannels.All);
            RuleFor(q => q.Search).MaximumLength(LeadRules.SearchMaxLength).StorableText();
        }
    }

    public sealed record Query(string TenantId, int Page, int Size, string? Status, string? Channel, string? Search)
        : IRequest<LeadPage>;

    public sealed class Handler(NpgsqlDataSource database) : IRequestHandler<Query, LeadPage>
    {
        // Search is a case-insensitive substring match; the term is escaped so that
        // '%', '_' and '\' match themselves.
        private const string Filter = """
            tenant_id = @TenantId
            AND (@Status::text IS NULL OR status = @Status)
            AND (@Channel::text IS NULL OR channel = @Channel)
            AND (@Pattern::text IS NULL
                 OR fold_case(name) LIKE fold_case(@Pattern)
                 OR fold_case(email) LIKE fold_case(@Pattern)
                 OR fold_case(company) LIKE fold_case(@Pattern)
                 OR fold_case(phone) LIKE fold_case(@Pattern))
            """;

        // Newest first with id as tie-break: a total order, so pages never overlap or skip.
        private const string Sql = $"""
            SELECT count(*) FROM leads WHERE {Filter};

            SELECT id, name, phone, email, company, channel, status, created_at
            FROM leads
            WHERE {Filter}
            ORDER BY created_at DESC, id DESC
            LIMIT @Size OFFSET @Offset;
            """;

        public async ValueTask<LeadPage> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new
            {
                query.TenantId,
                query.Status,
                query.Channel,
                Pattern = query.Search is null ? null : $"%{EscapeLike(query.Search)}%",
                query.Size,
                Offset = (long)(query.Page - 1) * query.Size,
            }, cancellationToken: cancellationToken));
            var total = await results.ReadSingleAsync<long>();
            var leads = (await results.ReadAsync<LeadSummary>()).AsList();
            return new LeadPage(leads, total, query.Page, query.Size);
        }

        private static string EscapeLike(string term) =>
            term.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
    }
}
