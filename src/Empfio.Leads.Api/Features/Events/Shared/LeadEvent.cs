using System.ComponentModel;
using System.Text.Json.Serialization;
using Empfio.Leads.Api.Features.Leads;
using NJsonSchema.Annotations;

namespace Empfio.Leads.Api.Features.Events;

// One committed change of a lead, as the feed, a lead's history (and webhooks) show it.
// Written by the database in the statement that made the change (migration 0006).
public sealed record LeadEvent
{
    // Stable forever: the same event has the same id wherever it is read.
    public required Guid Id { get; init; }
    [JsonSchemaType(typeof(LeadEventType))]
    public required string Type { get; init; }
    // When the change was made (the lead's updated_at, or created_at for lead.created), UTC.
    public required DateTime OccurredAt { get; init; }
    public required Guid LeadId { get; init; }
    // The lead's version after the change: apply an event only when it is newer than your copy.
    public required long LeadVersion { get; init; }
    // Who made the change: the token's email, else its subject.
    public required string Actor { get; init; }
    [JsonSchemaType(typeof(Dictionary<string, object>))]
    [Description(LeadEventTypes.ChangesDescription)]
    public required RawJson? Changes { get; init; }
    // The whole lead after the change, as GET /api/v1/leads/{lead_id} returned it then.
    [JsonSchemaType(typeof(Lead))]
    public required RawJson Lead { get; init; }
}

// JSON the database wrote for the API (migration 0006: lead_json, lead_changes), passed
// through as it is: an event page is 100 of these, and parsing and re-serializing each
// would cost more than the query.
[JsonConverter(typeof(RawJsonConverter))]
public readonly record struct RawJson(string Json);

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}

[Description("What happened to the lead: lead.created, lead.updated, lead.deleted, lead.note_added.")]
[JsonConverter(typeof(JsonStringEnumConverter<LeadEventType>))]
public enum LeadEventType
{
    [JsonStringEnumMemberName("lead.created")] Created,
    [JsonStringEnumMemberName("lead.updated")] Updated,
    [JsonStringEnumMemberName("lead.deleted")] Deleted,
    [JsonStringEnumMemberName("lead.note_added")] NoteAdded,
}

public static class LeadEventTypes
{
    public static readonly IReadOnlyList<string> All = WireNames.Of<LeadEventType>();

    public const string ChangesDescription =
        "What the change did. lead.created: null. lead.updated and lead.deleted: one entry per field whose value " +
        "changed, {\"from\": old, \"to\": new}, by its wire name (never version or updated_at); for metadata, from and " +
        "to hold only the top-level keys that changed (a removed key is null in to, an added key null in from); a " +
        "PATCH that changed no value has {}. lead.note_added: {\"note\": {\"content\", \"author\", \"created_at\"}}.";
}

// An event as stored, read as the feed and the history show it.
public sealed record StoredEvent
{
    public const string Columns = "id, type, occurred_at, lead_id, lead_version, actor, changes, lead, txid, position";

    public required Guid Id { get; init; }
    public required string Type { get; init; }
    public required DateTime OccurredAt { get; init; }
    public required Guid LeadId { get; init; }
    public required long LeadVersion { get; init; }
    public required string Actor { get; init; }
    public required string? Changes { get; init; }
    public required string Lead { get; init; }
    public required long Txid { get; init; }
    public required long Position { get; init; }

    public EventCursor Cursor => new(Txid, Position);

    public LeadEvent ToEvent() => new()
    {
        Id = Id,
        Type = Type,
        OccurredAt = OccurredAt,
        LeadId = LeadId,
        LeadVersion = LeadVersion,
        Actor = Actor,
        Changes = Changes is null ? null : new RawJson(Changes),
        Lead = new RawJson(Lead),
    };
}
