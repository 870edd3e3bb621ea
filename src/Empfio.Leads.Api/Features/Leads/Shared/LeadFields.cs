using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using NJsonSchema.Annotations;

namespace Empfio.Leads.Api.Features.Leads;

// The fields that create and update both take, each defined once: its wire name (the
// property's, in snake_case), its limit and pattern (the attributes, which the OpenAPI
// document reads; their values are LeadRules' constants), its rule (Rules, from the same
// constants) and the value stored (the Stored... methods). CreateLeadRequest and
// UpdateLeadRequest add only what differs between them (name, channel, channel_id).
public abstract record LeadFields
{
    [MaxLength(LeadRules.PhoneMaxLength), RegularExpression(LeadRules.PhoneOrBlankPattern)]
    public string? Phone { get; init; }
    [MaxLength(LeadRules.EmailMaxLength), RegularExpression(LeadRules.EmailOrBlankPattern)]
    public string? Email { get; init; }
    [MaxLength(LeadRules.CompanyMaxLength), RegularExpression(LeadRules.TextPattern)]
    public string? Company { get; init; }
    // Create: absent or null is new. Update: null leaves it unchanged.
    [JsonSchemaType(typeof(LeadStatus))]
    public string? Status { get; init; }
    [MaxLength(LeadRules.PreferredServicesMaxItems)]
    public string[]? PreferredServices { get; init; }
    [MaxLength(LeadRules.AppointmentNotesMaxLength), RegularExpression(LeadRules.TextPattern)]
    public string? AppointmentNotes { get; init; }
    // Create: the metadata. Update: merged into the lead's as a JSON merge patch (RFC 7396).
    [JsonSchemaType(typeof(Dictionary<string, object>))]
    [Description(LeadRules.MetadataLimits)]
    public JsonElement? Metadata { get; init; }

    // As stored: an optional text sent blank is no value (null), the phone in E.164
    // (the rule has accepted it, so it normalizes).
    public string? StoredPhone() => LeadRules.NullIfBlank(Phone) is { } phone ? PhoneNumber.Normalize(phone) : null;

    public string? StoredEmail() => LeadRules.NullIfBlank(Email);

    public string? StoredCompany() => LeadRules.NullIfBlank(Company);

    public string? StoredAppointmentNotes() => LeadRules.NullIfBlank(AppointmentNotes);

    // Included by both requests' validators.
    public sealed class Rules : AbstractValidator<LeadFields>
    {
        public Rules()
        {
            RuleFor(r => r.Phone).Phone();
            RuleFor(r => r.Email).Email();
            RuleFor(r => r.Company).OptionalText(LeadRules.CompanyMaxLength);
            RuleFor(r => r.Status).OneOf(LeadStatuses.All);
            RuleFor(r => r.PreferredServices).PreferredServices();
            RuleFor(r => r.AppointmentNotes).OptionalText(LeadRules.AppointmentNotesMaxLength);
            RuleFor(r => r.Metadata).Metadata();
        }
    }
}
