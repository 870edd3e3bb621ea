using System.ComponentModel.DataAnnotations;
using Empfio.Leads.Api.Infrastructure.Idempotency;
using Microsoft.AspNetCore.Mvc;

namespace Empfio.Leads.Api.Features.Leads;

public sealed record AddNoteRequest
{
    [Required, MaxLength(LeadRules.NoteMaxLength), RegularExpression(LeadRules.NonBlankTextPattern)]
    public string? Content { get; init; }
}

public sealed record Note
{
    public required string Content { get; init; }
    // The e-mail of the person who added the note, or the subject of a service token.
    public required string Author { get; init; }
    public required DateTime CreatedAt { get; init; }
}

// All of the lead's notes, oldest first.
public sealed record NoteList
{
    public required IReadOnlyList<Note> Notes { get; init; }
}

public static class AddLeadNote
{
    public static void MapAddLeadNote(this RouteGroupBuilder leads) =>
        leads.MapPost("/{lead_id:guid}/notes", HandleAsync)
            .WithName("addLeadNote")
            .WithSummary("Add a note")
            .WithDescription(
                "Appends a note to the lead's metadata.notes, attributed to the authenticated user (the token's " +
                "email, or its subject for service tokens), and returns all of the lead's notes, oldest first.")
            .RequireAuthorization(AuthExtensions.WritePolicy)
            .AddEndpointFilter<ValidationFilter<AddNoteRequest>>()
            .WithIdempotencyKey<AddNoteRequest>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Created<NoteList>, NotFoundProblem>> HandleAsync(
        [FromRoute(Name = "lead_id")] Guid leadId, AddNoteRequest request, ClaimsPrincipal user,
        LinkGenerator links, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        var notes = await mediator.Send(
            new Command(user.TenantId(), leadId, request.Content!, user.Actor()), cancellationToken);
        return notes is null
            ? LeadProblems.NotFound(leadId)
            : TypedResults.Created(GetLead.UrlOf(leadId, links, http), notes);
    }

    public sealed class Validator : AbstractValidator<AddNoteRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Content)
                .Must(content => !string.IsNullOrWhiteSpace(content))
                .WithMessage("'{PropertyName}' is required and must not be blank.")
                .MaxCharacters(LeadRules.NoteMaxLength)
                .StorableText();
        }
    }

    public sealed record Command(string TenantId, Guid LeadId, string Content, string Author) : IRequest<NoteList?>;

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Command, NoteList?>
    {
        // Appended inside one UPDATE: the row lock orders concurrent notes, and each
        // sees the notes committed before it, so none is lost. A note's time is taken
        // once it has the row (clock_timestamp, re-read when the row changed while it
        // waited; now() would be its transaction's start) and never before the last
        // note's, so the order and the times agree.
        private const string Sql = """
            UPDATE leads
            SET metadata = jsonb_set(
                    metadata,
                    '{notes}',
                    coalesce(metadata -> 'notes', '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
                        'content', @Content::text,
                        'author', @Author::text,
                        'created_at', to_char(
                            greatest(clock_timestamp(), (metadata #>> '{notes,-1,created_at}')::timestamptz) AT TIME ZONE 'UTC',
                            'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))),
                updated_at = now(),
                version = version + 1,
                change = ROW('lead.note_added', @Author)::lead_change
            WHERE tenant_id = @TenantId AND id = @LeadId
            RETURNING metadata -> 'notes'
            """;

        private static readonly JsonSerializerOptions NoteJson = new(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        };

        public async ValueTask<NoteList?> Handle(Command command, CancellationToken cancellationToken)
        {
            var connection = await database.ConnectionAsync(cancellationToken);
            var notes = await connection.QuerySingleOrDefaultAsync<string>(
                new CommandDefinition(Sql, command, cancellationToken: cancellationToken));
            return notes is null ? null : new NoteList { Notes = JsonSerializer.Deserialize<Note[]>(notes, NoteJson)! };
        }
    }
}
