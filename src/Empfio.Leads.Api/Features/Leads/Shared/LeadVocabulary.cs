using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Empfio.Leads.Api.Features.Leads;

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
