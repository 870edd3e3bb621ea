using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
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

// Statuses and channels travel and are stored as the spec's lower-case strings. These
// enums name each set once: validation takes its allowed values from them, and the
// OpenAPI document describes every status and channel field as one of them (the
// descriptions are constants: Unit/DocumentationTextTests checks them against the values).
[Description("The stage of a lead: new, contacted, booking_offered, booked, confirmed, completed, no_show, cancelled, lost (no longer active).")]
[JsonConverter(typeof(JsonStringEnumConverter<LeadStatus>))]
public enum LeadStatus
{
    [JsonStringEnumMemberName("new")] New,
    [JsonStringEnumMemberName("contacted")] Contacted,
    [JsonStringEnumMemberName("booking_offered")] BookingOffered,
    [JsonStringEnumMemberName("booked")] Booked,
    [JsonStringEnumMemberName("confirmed")] Confirmed,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("no_show")] NoShow,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    [JsonStringEnumMemberName("lost")] Lost,
}

[Description("The channel a lead came in through.")]
[JsonConverter(typeof(JsonStringEnumConverter<LeadChannel>))]
public enum LeadChannel
{
    [JsonStringEnumMemberName("whatsapp")] WhatsApp,
    [JsonStringEnumMemberName("telegram")] Telegram,
    [JsonStringEnumMemberName("web")] Web,
    [JsonStringEnumMemberName("email")] Email,
    [JsonStringEnumMemberName("voice")] Voice,
}

public static class LeadStatuses
{
    public const string New = "new";

    public static readonly IReadOnlyList<string> All = WireNames.Of<LeadStatus>();
}

public static class LeadChannels
{
    public static readonly IReadOnlyList<string> All = WireNames.Of<LeadChannel>();
}

internal static class WireNames
{
    public static IReadOnlyList<string> Of<TEnum>() where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(value => JsonSerializer.Serialize(value).Trim('"')).ToArray();
}
