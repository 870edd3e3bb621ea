using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using NJsonSchema.Annotations;

namespace Empfio.Leads.Api.Features.Leads;

// A lead as the list shows it. Every property is always present ("required" in the
// document); absent values are null. The order numbers keep the wire order of the full
// lead, whose fields interleave with these.
public record LeadSummary
{
    [JsonPropertyOrder(1)]
    public required Guid Id { get; init; }
    [JsonPropertyOrder(2)]
    public required string Name { get; init; }
    [JsonPropertyOrder(3), RegularExpression(LeadRules.StoredPhonePattern)]
    public required string? Phone { get; init; }
    [JsonPropertyOrder(4), EmailAddress, RegularExpression(LeadRules.EmailPattern)]
    public required string? Email { get; init; }
    [JsonPropertyOrder(5)]
    public required string? Company { get; init; }
    [JsonPropertyOrder(6), JsonSchemaType(typeof(LeadChannel))]
    public required string Channel { get; init; }
    [JsonPropertyOrder(8), JsonSchemaType(typeof(LeadStatus))]
    public required string Status { get; init; }
    [JsonPropertyOrder(12)]
    public required DateTime CreatedAt { get; init; }
    [JsonPropertyOrder(13)]
    public required DateTime UpdatedAt { get; init; }
    // Increases with every change; the ETag is this number in quotes. With the event feed,
    // apply only events with a newer lead_version.
    [JsonPropertyOrder(14)]
    public required long Version { get; init; }
}

// The full lead as GET, POST and PATCH return it: the summary and the rest.
[JsonSchemaFlatten]
public sealed record Lead : LeadSummary
{
    // The column list every statement that returns a full lead selects, in the order of the table.
    public const string Columns = """
        id, name, phone, email, company, channel, channel_id, status,
        preferred_services, appointment_notes, metadata, created_at, updated_at, version
        """;

    [JsonPropertyOrder(7)]
    public required string? ChannelId { get; init; }
    [JsonPropertyOrder(9)]
    public required string[] PreferredServices { get; init; }
    [JsonPropertyOrder(10)]
    public required string? AppointmentNotes { get; init; }
    // Any JSON object; "notes" holds the notes added through the notes endpoint.
    [JsonPropertyOrder(11), JsonSchemaType(typeof(Dictionary<string, object>))]
    public required JsonElement Metadata { get; init; }
}
