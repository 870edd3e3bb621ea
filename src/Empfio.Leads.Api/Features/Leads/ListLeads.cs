using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Dapper;
using Empfio.Leads.Api.Infrastructure.Auth;
using Empfio.Leads.Api.Infrastructure.Http;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Empfio.Leads.Api.Infrastructure.OpenApi;
using Namotion.Reflection;
using NJsonSchema;
using NJsonSchema.Annotations;
using NSwag.Generation.Processors.Contexts;
using Empfio.Leads.Api.Infrastructure.Database;

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

public sealed record LeadSummary
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string? Phone { get; init; }
    [EmailAddress]
    public required string? Email { get; init; }
    public required string? Company { get; init; }
    [JsonSchemaType(typeof(LeadChannel))]
    public required string Channel { get; init; }
    [JsonSchemaType(typeof(LeadStatus))]
    public required string Status { get; init; }
    public required DateTime CreatedAt { get; init; }
}

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
                "status and channel filter and combine; search is a case-insensitive substring match over " +
                "name, email, company and phone in which %, _ and \\ are plain characters. total counts every " +
                "match; a page past the end has no leads.")
            .RequireAuthorization(AuthExtensions.ReadPolicy)
            .AddEndpointFilter<ValidationFilter<ListLeadsQuery>>()
            .ProducesValidationProblem()
            .WithOpenApi(DescribeQuery);

    // The query arrives as text (see ListLeadsQuery); the document says what it must be.
    private static void DescribeQuery(OperationProcessorContext context)
    {
        var parameters = context.OperationDescription.Operation.Parameters;
        void Describe(string name, string description, JsonSchema schema)
        {
            var parameter = parameters.Single(p => p.Name == name);
            parameter.Description = description;
            parameter.Schema = schema;
        }
        JsonSchema ReferenceTo<T>() => context.SchemaGenerator.GenerateWithReferenceAndNullability<JsonSchema>(
            typeof(T).ToContextualType(), isNullable: false, context.SchemaResolver);

        Describe("page", "Page number, from 1.",
            new JsonSchema { Type = JsonObjectType.Integer, Format = "int32", Minimum = 1, Default = ListLeadsQuery.DefaultPage });
        Describe("size", $"Leads per page, 1 to {ListLeadsQuery.MaxSize}.",
            new JsonSchema { Type = JsonObjectType.Integer, Format = "int32", Minimum = 1, Maximum = ListLeadsQuery.MaxSize, Default = ListLeadsQuery.DefaultSize });
        Describe("status", "Only leads with this status.", ReferenceTo<LeadStatus>());
        Describe("channel", "Only leads from this channel.", ReferenceTo<LeadChannel>());
        Describe("search", "Case-insensitive substring of name, email, company or phone.",
            new JsonSchema { Type = JsonObjectType.String, MaxLength = LeadRules.SearchMaxLength });
    }

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

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Query, LeadPage>
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
            await using var db = await database.OpenAsync(cancellationToken);
            await using var results = await db.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new
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
            return new LeadPage { Leads = leads, Total = total, Page = query.Page, Size = query.Size };
        }

        private static string EscapeLike(string term) =>
            term.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
    }
}
