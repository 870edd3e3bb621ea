using System.ComponentModel.DataAnnotations;
using NJsonSchema.Annotations;

namespace Empfio.Leads.Api.Features.Leads;

// The full lead as GET, POST and PATCH return it.
public sealed record Lead
{
    // The column list every statement that returns a full lead selects, in the order of the table.
    public const string Columns = """
        id, name, phone, email, company, channel, channel_id, status,
        preferred_services, appointment_notes, metadata, created_at, updated_at, version
        """;

    // Every property is always present ("required" in the document); absent values are null.
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    [RegularExpression(LeadRules.StoredPhonePattern)]
    public required string? Phone { get; init; }
    [EmailAddress, RegularExpression(LeadRules.EmailPattern)]
    public required string? Email { get; init; }
    public required string? Company { get; init; }
    [JsonSchemaType(typeof(LeadChannel))]
    public required string Channel { get; init; }
    public required string? ChannelId { get; init; }
    [JsonSchemaType(typeof(LeadStatus))]
    public required string Status { get; init; }
    public required string[] PreferredServices { get; init; }
    public required string? AppointmentNotes { get; init; }
    // Any JSON object; "notes" holds the notes added through the notes endpoint.
    [JsonSchemaType(typeof(Dictionary<string, object>))]
    public required JsonElement Metadata { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    // Increases with every change; the ETag is this number in quotes.
    public required long Version { get; init; }
}
