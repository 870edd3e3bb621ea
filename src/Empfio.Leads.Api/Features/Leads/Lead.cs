using System.Text.Json;

namespace Empfio.Leads.Api.Features.Leads;

// The full lead as GET, POST and PATCH return it.
public sealed record Lead
{
    // The column list every statement that returns a full lead selects, in the order of the table.
    public const string Columns = """
        id, name, phone, email, company, channel, channel_id, status,
        preferred_services, appointment_notes, metadata, created_at, updated_at
        """;

    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Company { get; init; }
    public required string Channel { get; init; }
    public string? ChannelId { get; init; }
    public required string Status { get; init; }
    public required string[] PreferredServices { get; init; }
    public string? AppointmentNotes { get; init; }
    public required JsonElement Metadata { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
}

public static class LeadStatuses
{
    public const string New = "new";
    public const string Lost = "lost";

    public static readonly IReadOnlyList<string> All =
        ["new", "contacted", "booking_offered", "booked", "confirmed", "completed", "no_show", "cancelled", "lost"];
}

public static class LeadChannels
{
    public static readonly IReadOnlyList<string> All = ["whatsapp", "telegram", "web", "email", "voice"];
}
