using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using NJsonSchema.Annotations;

namespace Empfio.Leads.Api.Features.Leads;

// Every property is optional and null means "leave unchanged", the same as leaving it
// out: generated clients that cannot omit a property (they send every one, unset ones as
// null) change only what their caller set. "" clears a text, [] clears
// preferred_services, and a metadata key set to null is removed (a JSON merge patch).
// The fields update shares with create are LeadFields'; name is update's own (optional).
[JsonSchemaProcessor(typeof(LeadSchemas.PreferredServiceItems))]
[JsonSchemaProcessor(typeof(LeadSchemas.NullableStatus))]
// One schema with all its properties, not an allOf with LeadFields: clients see the wire.
[JsonSchemaFlatten]
public sealed record UpdateLeadRequest : LeadFields
{
    [MinLength(1), MaxLength(LeadRules.NameMaxLength), RegularExpression(LeadRules.NonBlankTextPattern)]
    public string? Name { get; init; }
}

public static class UpdateLead
{
    public static void MapUpdateLead(this RouteGroupBuilder leads) =>
        leads.MapPatch("/{lead_id:guid}", HandleAsync)
            .WithName("updateLead")
            .WithSummary("Update a lead")
            .WithDescription(
                "All fields are optional and null means leave unchanged, the same as leaving the field out: only the " +
                "fields given a value change. An empty string clears phone, email, company and appointment_notes; [] clears " +
                "preferred_services. metadata is merged as a JSON merge patch (RFC 7396: a key set to null is removed); " +
                "metadata.notes belongs to the notes endpoint. updated_at changes on every update. " +
                "With If-Match the update applies only to that version (else 412 and nothing changes); a status " +
                "that would give a conversation (channel, channel_id) a second active lead is 409.")
            .RequireAuthorization(AuthExtensions.WritePolicy)
            .AddEndpointFilter<ValidationFilter<UpdateLeadRequest>>()
            .ProducesValidationProblem()
            .WithOpenApi(LeadVersions.DescribeIfMatch)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Ok<Lead>, ValidationProblem, NotFoundProblem, ConflictProblem, PreconditionFailedProblem>> HandleAsync(
        [FromRoute(Name = "lead_id")] Guid leadId, UpdateLeadRequest request,
        [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user, HttpResponse response,
        IMediator mediator, CancellationToken cancellationToken)
    {
        if (!LeadVersions.TryParseIfMatch(ifMatch, out var versions))
        {
            return LeadProblems.BadIfMatch();
        }
        var outcome = await mediator.Send(new Command(user.TenantId(), user.Actor(), leadId, versions, request), cancellationToken);
        switch (outcome)
        {
            case Outcome.Updated(var lead):
                response.SetETag(lead.Version);
                return TypedResults.Ok(lead);
            case Outcome.NotUpdated(NotWritten.VersionMismatch):
                return LeadProblems.VersionMismatch(leadId);
            case Outcome.ConversationTaken:
                return LeadProblems.ConversationTaken();
            default:
                return LeadProblems.NotFound(leadId);
        }
    }

    public sealed class Validator : AbstractValidator<UpdateLeadRequest>
    {
        public Validator()
        {
            When(r => r.Name is not null, () => RuleFor(r => r.Name).LeadName());
            Include(new LeadFields.Rules());
        }
    }

    // IfMatch: null for no condition, else the versions the update may apply to.
    public sealed record Command(string TenantId, string Actor, Guid LeadId, long[]? IfMatch, UpdateLeadRequest Changes)
        : IRequest<Outcome>;

    public abstract record Outcome
    {
        public sealed record Updated(Lead Lead) : Outcome;

        public sealed record NotUpdated(NotWritten Why) : Outcome;

        // The new status would give the lead's conversation a second active lead.
        public sealed record ConversationTaken : Outcome;
    }

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Command, Outcome>
    {
        // One statement: fields without a value keep theirs, metadata is merged in place,
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
                version            = version + 1,
                change             = ROW('lead.updated', @Actor)::lead_change
            WHERE tenant_id = @TenantId AND id = @LeadId
              AND (@IfMatch::bigint[] IS NULL OR version = ANY(@IfMatch))
            RETURNING {Lead.Columns}
            """;

        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var connection = await database.ConnectionAsync(cancellationToken);
            try
            {
                return await connection.QuerySingleOrDefaultAsync<Lead>(Statement(command, cancellationToken)) is { } updated
                    ? new Outcome.Updated(updated)
                    : new Outcome.NotUpdated(await GuardedWrite.WhyNotAsync(connection, command.TenantId, command.LeadId, cancellationToken));
            }
            catch (PostgresException conflict) when (conflict is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ActiveConversationIndex })
            {
                // The partial unique index decides, so parallel reopens cannot both win;
                // the statement changed nothing.
                return new Outcome.ConversationTaken();
            }
        }

        // At most one lead that is not lost per conversation (migration 0002).
        private const string ActiveConversationIndex = "leads_tenant_channel_conversation";

        private static CommandDefinition Statement(Command command, CancellationToken cancellationToken)
        {
            var changes = command.Changes;
            return new CommandDefinition(Sql, new
            {
                command.TenantId,
                command.Actor,
                command.LeadId,
                command.IfMatch,
                SetName = changes.Name is not null,
                Name = changes.Name?.Trim(),
                SetPhone = changes.Phone is not null,
                Phone = changes.StoredPhone(),
                SetEmail = changes.Email is not null,
                Email = changes.StoredEmail(),
                SetCompany = changes.Company is not null,
                Company = changes.StoredCompany(),
                SetStatus = changes.Status is not null,
                changes.Status,
                SetPreferredServices = changes.PreferredServices is not null,
                PreferredServices = changes.PreferredServices ?? [],
                SetAppointmentNotes = changes.AppointmentNotes is not null,
                AppointmentNotes = changes.StoredAppointmentNotes(),
                SetMetadata = changes.Metadata is not null,
                Metadata = changes.Metadata?.GetRawText() ?? "{}",
            }, cancellationToken: cancellationToken);
        }
    }
}
