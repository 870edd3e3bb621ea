using System.ComponentModel.DataAnnotations;
using Empfio.Leads.Api.Infrastructure.Idempotency;
using NJsonSchema.Annotations;

namespace Empfio.Leads.Api.Features.Leads;

// The fields create shares with update are LeadFields'; these are create's own.
[JsonSchemaProcessor(typeof(LeadSchemas.PreferredServiceItems))]
[JsonSchemaProcessor(typeof(LeadSchemas.NullableStatus))]
// One schema with all its properties, not an allOf with LeadFields: clients see the wire.
[JsonSchemaFlatten]
public sealed record CreateLeadRequest : LeadFields
{
    [Required, MaxLength(LeadRules.NameMaxLength), RegularExpression(LeadRules.NonBlankTextPattern)]
    public string? Name { get; init; }
    [Required, JsonSchemaType(typeof(LeadChannel))]
    public string? Channel { get; init; }
    [MaxLength(LeadRules.ChannelIdMaxLength), RegularExpression(LeadRules.TextPattern)]
    public string? ChannelId { get; init; }
}

public static class CreateLead
{
    public static void MapCreateLead(this RouteGroupBuilder leads) =>
        leads.MapPost("", HandleAsync)
            .WithName("createLead")
            .WithSummary("Create a lead")
            .WithDescription(
                "Creates a lead and returns it in full, with its URL in Location and its version as ETag. " +
                "name and channel are required; status defaults to new; phone is stored in E.164 form. Use this " +
                "to manually create leads for phone or walk-in inquiries. Unknown properties are refused. " +
                "(channel, channel_id) belongs to at most one lead that is not lost: a second create is 409 " +
                "with the existing lead's id (lead_id) and its URL in Location.")
            .RequireAuthorization(AuthExtensions.WritePolicy)
            .AddEndpointFilter<ValidationFilter<CreateLeadRequest>>()
            .WithIdempotencyKey<CreateLeadRequest>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Created<Lead>, ConflictProblem>> HandleAsync(
        CreateLeadRequest request, ClaimsPrincipal user, LinkGenerator links, HttpContext http,
        IMediator mediator, CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new Command(user.TenantId(), user.Actor(), request), cancellationToken);
        if (outcome.Created is { } lead)
        {
            http.Response.SetETag(lead.Version);
            return TypedResults.Created(GetLead.UrlOf(lead.Id, links, http), lead);
        }
        var existing = outcome.Duplicate!.Value;
        http.Response.Headers.Location = GetLead.UrlOf(existing, links, http);
        return LeadProblems.Duplicate(existing);
    }

    public sealed class Validator : AbstractValidator<CreateLeadRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Name).LeadName();
            RuleFor(r => r.Channel)
                .NotNull().WithMessage("'{PropertyName}' is required.")
                .OneOf(LeadChannels.All);
            RuleFor(r => r.ChannelId).OptionalText(LeadRules.ChannelIdMaxLength);
            Include(new LeadFields.Rules());
        }
    }

    public sealed record Command(string TenantId, string Actor, CreateLeadRequest Lead) : IRequest<Outcome>;

    // Either the new lead, or the id of the active lead that already has its conversation.
    public sealed record Outcome(Lead? Created, Guid? Duplicate);

    public sealed class Handler(LeadsDatabase database) : IRequestHandler<Command, Outcome>
    {
        // The partial unique index decides, not a check-then-insert: of parallel creates
        // of one conversation exactly one inserts.
        private const string Insert = $"""
            INSERT INTO leads (tenant_id, id, name, phone, email, company, channel, channel_id, status,
                               preferred_services, appointment_notes, metadata, change)
            VALUES (@TenantId, @Id, @Name, @Phone, @Email, @Company, @Channel, @ChannelId, @Status,
                    @PreferredServices, @AppointmentNotes, @Metadata::jsonb, ROW('lead.created', @Actor)::lead_change)
            ON CONFLICT (tenant_id, channel, channel_id) WHERE status <> 'lost' AND channel_id IS NOT NULL
            DO NOTHING
            RETURNING {Lead.Columns}
            """;

        private const string FindActive = """
            SELECT id FROM leads
            WHERE tenant_id = @TenantId AND channel = @Channel AND channel_id = @ChannelId AND status <> 'lost'
            """;

        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var lead = command.Lead;
            var values = new
            {
                command.TenantId,
                command.Actor,
                // Time-ordered ids keep the primary key index append-mostly.
                Id = Guid.CreateVersion7(),
                Name = lead.Name!.Trim(),
                Phone = lead.StoredPhone(),
                Email = lead.StoredEmail(),
                Company = lead.StoredCompany(),
                lead.Channel,
                ChannelId = LeadRules.NullIfBlank(lead.ChannelId),
                Status = lead.Status ?? LeadStatuses.New,
                PreferredServices = lead.PreferredServices ?? [],
                AppointmentNotes = lead.StoredAppointmentNotes(),
                Metadata = lead.Metadata?.GetRawText() ?? "{}",
            };

            var connection = await database.ConnectionAsync(cancellationToken);
            // The conflicting lead may be deleted between the two statements; then try again.
            for (var attempt = 1; ; attempt++)
            {
                var created = await connection.QuerySingleOrDefaultAsync<Lead>(
                    new CommandDefinition(Insert, values, cancellationToken: cancellationToken));
                if (created is not null)
                {
                    return new Outcome(created, null);
                }
                var existing = await connection.QuerySingleOrDefaultAsync<Guid?>(
                    new CommandDefinition(FindActive, values, cancellationToken: cancellationToken));
                if (existing is { } id || attempt == 3)
                {
                    return new Outcome(null, existing ?? throw new InvalidOperationException("Insert and lookup kept missing each other."));
                }
            }
        }
    }
}
