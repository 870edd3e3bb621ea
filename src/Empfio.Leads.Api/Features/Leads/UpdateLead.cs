using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Empfio.Leads.Api.Infrastructure.Auth;
using Empfio.Leads.Api.Infrastructure.Database;
using Empfio.Leads.Api.Infrastructure.Http;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NJsonSchema.Annotations;

namespace Empfio.Leads.Api.Features.Leads;

// PATCH must tell "leave unchanged" (property absent) from "clear" (property null).
// The JSON deserializer calls a setter only for properties present in the body, so each
// setter records that its property was sent.
// In the document every property is optional; name, status, preferred_services and
// metadata may not be null (LeadSchemas.NotNullable).
[JsonSchemaProcessor(typeof(LeadSchemas.PreferredServiceItems))]
[JsonSchemaProcessor(typeof(LeadSchemas.NotNullable), "name", "status", "preferred_services", "metadata")]
public sealed class UpdateLeadRequest
{
    private readonly HashSet<string> sent = [];

    [MinLength(1), MaxLength(LeadRules.NameMaxLength), RegularExpression(LeadRules.NonBlankTextPattern)]
    public string? Name { get; init { field = value; sent.Add(nameof(Name)); } }
    [MaxLength(LeadRules.PhoneMaxLength), RegularExpression(LeadRules.PhoneOrBlankPattern)]
    public string? Phone { get; init { field = value; sent.Add(nameof(Phone)); } }
    [MaxLength(LeadRules.EmailMaxLength), RegularExpression(LeadRules.EmailOrBlankPattern)]
    public string? Email { get; init { field = value; sent.Add(nameof(Email)); } }
    [MaxLength(LeadRules.CompanyMaxLength), RegularExpression(LeadRules.TextPattern)]
    public string? Company { get; init { field = value; sent.Add(nameof(Company)); } }
    [JsonSchemaType(typeof(LeadStatus))]
    public string? Status { get; init { field = value; sent.Add(nameof(Status)); } }
    [MaxLength(LeadRules.PreferredServicesMaxItems)]
    public string[]? PreferredServices { get; init { field = value; sent.Add(nameof(PreferredServices)); } }
    [MaxLength(LeadRules.AppointmentNotesMaxLength), RegularExpression(LeadRules.TextPattern)]
    public string? AppointmentNotes { get; init { field = value; sent.Add(nameof(AppointmentNotes)); } }
    // Merged into the lead's metadata as a JSON merge patch (RFC 7396).
    [JsonSchemaType(typeof(Dictionary<string, object>))]
    [Description(LeadRules.MetadataLimits)]
    public JsonElement? Metadata { get; init { field = value; sent.Add(nameof(Metadata)); } }

    public bool Sent(string property) => sent.Contains(property);
}

public static class UpdateLead
{
    public static void MapUpdateLead(this RouteGroupBuilder leads) =>
        leads.MapPatch("/{lead_id:guid}", HandleAsync)
            .WithName("updateLead")
            .WithSummary("Update a lead")
            .WithDescription(
                "All fields are optional: only the fields present change. null or an empty string clears phone, " +
                "email, company and appointment_notes. metadata is merged as a JSON merge patch (RFC 7396: a key set to null is " +
                "removed); metadata.notes belongs to the notes endpoint. updated_at changes on every update. " +
                "With If-Match the update applies only to that version (else 412 and nothing changes); a status " +
                "that would give a conversation (channel, channel_id) a second active lead is 409.")
            .RequireAuthorization(AuthExtensions.WritePolicy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddEndpointFilter<ValidationFilter<UpdateLeadRequest>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Ok<Lead>, ProblemHttpResult>> HandleAsync(
        [FromRoute(Name = "lead_id")] Guid leadId, UpdateLeadRequest request,
        [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user, HttpResponse response,
        IMediator mediator, CancellationToken cancellationToken)
    {
        if (!LeadVersions.TryParseIfMatch(ifMatch, out var versions))
        {
            return LeadProblems.BadIfMatch();
        }
        var outcome = await mediator.Send(new Command(user.TenantId(), leadId, versions, request), cancellationToken);
        switch (outcome)
        {
            case { Result: { } lead }:
                response.SetETag(lead.Version);
                return TypedResults.Ok(lead);
            case { Exists: true }:
                return LeadProblems.VersionMismatch(leadId);
            default:
                return LeadProblems.NotFound(leadId);
        }
    }

    public sealed class Validator : AbstractValidator<UpdateLeadRequest>
    {
        public Validator()
        {
            When(r => r.Sent(nameof(r.Name)), () => RuleFor(r => r.Name).LeadName());
            When(r => r.Sent(nameof(r.Status)), () => RuleFor(r => r.Status)
                .NotNull().WithMessage("'{PropertyName}' cannot be null.")
                .OneOf(LeadStatuses.All));
            When(r => r.Sent(nameof(r.PreferredServices)), () => RuleFor(r => r.PreferredServices)
                .NotNull().WithMessage("'{PropertyName}' cannot be null; send [] to clear it."));
            When(r => r.Sent(nameof(r.Metadata)), () => RuleFor(r => r.Metadata)
                .NotNull().WithMessage("'{PropertyName}' cannot be null; set a key to null to remove it."));
            RuleFor(r => r.Phone).Phone();
            RuleFor(r => r.Email).Email();
            RuleFor(r => r.Company).OptionalText(LeadRules.CompanyMaxLength);
            RuleFor(r => r.AppointmentNotes).OptionalText(LeadRules.AppointmentNotesMaxLength);
            RuleFor(r => r.PreferredServices).PreferredServices();
            RuleFor(r => r.Metadata).Metadata();
        }
    }

    // IfMatch: null for no condition, else the versions the update may apply to.
    public sealed record Command(string TenantId, Guid LeadId, long[]? IfMatch, UpdateLeadRequest Changes)
        : IRequest<WriteOutcome<Lead>>;

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Command, WriteOutcome<Lead>>
    {
        // One statement: fields not sent keep their value, metadata is merged in place,
        // so concurrent PATCHes of different fields or keys never undo each other.
        private const string Sql = $"""
            UPDATE leads SET
                name               = CASE WHEN @SetName THEN @Name ELSE name END,
                phone              = CASE WHEN @SetPhone THEN @Phone ELSE phone END,
                email              = CASE WHEN @SetEmail THEN @Email ELSE email END,
                company            = CASE WHEN @SetCompany THEN @Company ELSE company END,
                status             = CASE WHEN @SetStatus THEN @Status ELSE status END,
                preferred_services = CASE WHEN @SetPreferredServices THEN @PreferredServices ELSE preferred_services END,
                appointment_notes  = CASE WHEN @SetAppointmentNotes THEN @AppointmentNotes ELSE appointment_notes END,
                metadata           = CASE WHEN @SetMetadata THEN jsonb_merge_patch(metadata, @Metadata::jsonb) ELSE metadata END,
                updated_at         = now(),
                version            = version + 1
            WHERE tenant_id = @TenantId AND id = @LeadId
              AND (@IfMatch::bigint[] IS NULL OR version = ANY(@IfMatch))
            RETURNING {Lead.Columns}
            """;

        public async ValueTask<WriteOutcome<Lead>> Handle(Command command, CancellationToken cancellationToken)
        {
            var changes = command.Changes;
            await using var db = await database.OpenAsync(cancellationToken);
            var updated = await db.Connection.QuerySingleOrDefaultAsync<Lead>(new CommandDefinition(Sql, new
            {
                command.TenantId,
                command.LeadId,
                command.IfMatch,
                SetName = changes.Sent(nameof(changes.Name)),
                Name = changes.Name?.Trim(),
                SetPhone = changes.Sent(nameof(changes.Phone)),
                Phone = LeadRules.NullIfBlank(changes.Phone) is { } phone ? PhoneNumber.Normalize(phone) : null,
                SetEmail = changes.Sent(nameof(changes.Email)),
                Email = LeadRules.NullIfBlank(changes.Email),
                SetCompany = changes.Sent(nameof(changes.Company)),
                Company = LeadRules.NullIfBlank(changes.Company),
                SetStatus = changes.Sent(nameof(changes.Status)),
                changes.Status,
                SetPreferredServices = changes.Sent(nameof(changes.PreferredServices)),
                PreferredServices = changes.PreferredServices ?? [],
                SetAppointmentNotes = changes.Sent(nameof(changes.AppointmentNotes)),
                AppointmentNotes = LeadRules.NullIfBlank(changes.AppointmentNotes),
                SetMetadata = changes.Metadata is not null,
                Metadata = changes.Metadata?.GetRawText() ?? "{}",
            }, cancellationToken: cancellationToken));
            return updated is not null
                ? WriteOutcome.Done(updated)
                : await WriteOutcome.NotDoneAsync<Lead>(db.Connection, command.TenantId, command.LeadId, cancellationToken);
        }
    }
}
