using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Empfio.Leads.Api.Infrastructure.Auth;
using Empfio.Leads.Api.Infrastructure.Http;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using NJsonSchema.Annotations;
using Npgsql;

namespace Empfio.Leads.Api.Features.Leads;

// The attributes describe the limits in the OpenAPI document; the validator below
// enforces them (both from the constants of LeadRules).
[JsonSchemaProcessor(typeof(LeadSchemas.PreferredServiceItems))]
public sealed record CreateLeadRequest
{
    [Required, MaxLength(LeadRules.NameMaxLength)]
    public string? Name { get; init; }
    [MaxLength(LeadRules.PhoneMaxLength)]
    public string? Phone { get; init; }
    [EmailAddress, MaxLength(LeadRules.EmailMaxLength)]
    public string? Email { get; init; }
    [MaxLength(LeadRules.CompanyMaxLength)]
    public string? Company { get; init; }
    [Required, JsonSchemaType(typeof(LeadChannel))]
    public string? Channel { get; init; }
    [MaxLength(LeadRules.ChannelIdMaxLength)]
    public string? ChannelId { get; init; }
    // Default: new.
    [JsonSchemaType(typeof(LeadStatus))]
    public string? Status { get; init; }
    [MaxLength(LeadRules.PreferredServicesMaxItems)]
    public string[]? PreferredServices { get; init; }
    [MaxLength(LeadRules.AppointmentNotesMaxLength)]
    public string? AppointmentNotes { get; init; }
    [JsonSchemaType(typeof(Dictionary<string, object>))]
    public JsonElement? Metadata { get; init; }
}

public static class CreateLead
{
    public static void MapCreateLead(this RouteGroupBuilder leads) =>
        leads.MapPost("", HandleAsync)
            .WithName("createLead")
            .WithSummary("Create a lead")
            .WithDescription(
                "Creates a lead and returns it in full, with its URL in Location. name and channel are required; " +
                "status defaults to new; phone is stored in E.164 form. Use this to manually create leads for " +
                "phone or walk-in inquiries. Unknown properties are refused.")
            .AddEndpointFilter<ValidationFilter<CreateLeadRequest>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Created<Lead>> HandleAsync(
        CreateLeadRequest request, ClaimsPrincipal user, LinkGenerator links, HttpContext http,
        IMediator mediator, CancellationToken cancellationToken)
    {
        var lead = await mediator.Send(new Command(user.TenantId(), request), cancellationToken);
        return TypedResults.Created(links.GetUriByName(http, "getLead", new { lead_id = lead.Id }), lead);
    }

    public sealed class Validator : AbstractValidator<CreateLeadRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Name).LeadName();
            RuleFor(r => r.Channel)
                .NotNull().WithMessage("'{PropertyName}' is required.")
                .OneOf(LeadChannels.All);
            RuleFor(r => r.Status).OneOf(LeadStatuses.All);
            RuleFor(r => r.Phone).Phone();
            RuleFor(r => r.Email).Email();
            RuleFor(r => r.Company).OptionalText(LeadRules.CompanyMaxLength);
            RuleFor(r => r.ChannelId).OptionalText(LeadRules.ChannelIdMaxLength);
            RuleFor(r => r.AppointmentNotes).OptionalText(LeadRules.AppointmentNotesMaxLength);
            RuleFor(r => r.PreferredServices).PreferredServices();
            RuleFor(r => r.Metadata).Metadata();
        }
    }

    public sealed record Command(string TenantId, CreateLeadRequest Lead) : IRequest<Lead>;

    public sealed class Handler(NpgsqlDataSource database) : IRequestHandler<Command, Lead>
    {
        private const string Sql = $"""
            INSERT INTO leads (tenant_id, id, name, phone, email, company, channel, channel_id, status,
                               preferred_services, appointment_notes, metadata)
            VALUES (@TenantId, @Id, @Name, @Phone, @Email, @Company, @Channel, @ChannelId, @Status,
                    @PreferredServices, @AppointmentNotes, @Metadata::jsonb)
            RETURNING {Lead.Columns}
            """;

        public async ValueTask<Lead> Handle(Command command, CancellationToken cancellationToken)
        {
            var lead = command.Lead;
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            return await connection.QuerySingleAsync<Lead>(new CommandDefinition(Sql, new
            {
                command.TenantId,
                // Time-ordered ids keep the primary key index append-mostly.
                Id = Guid.CreateVersion7(),
                Name = lead.Name!.Trim(),
                Phone = LeadRules.NullIfBlank(lead.Phone) is { } phone ? PhoneNumber.Normalize(phone) : null,
                Email = LeadRules.NullIfBlank(lead.Email),
                Company = LeadRules.NullIfBlank(lead.Company),
                lead.Channel,
                ChannelId = LeadRules.NullIfBlank(lead.ChannelId),
                Status = lead.Status ?? LeadStatuses.New,
                PreferredServices = lead.PreferredServices ?? [],
                AppointmentNotes = LeadRules.NullIfBlank(lead.AppointmentNotes),
                Metadata = lead.Metadata?.GetRawText() ?? "{}",
            }, cancellationToken: cancellationToken));
        }
    }
}
