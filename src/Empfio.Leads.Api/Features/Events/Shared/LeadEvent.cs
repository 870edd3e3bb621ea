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
    public required JsonElement? Changes { get; init; }
    // The whole lead after the change, as GET /api/v1/leads/{lead_id} returned it then.
    public required Lead Lead { get; init; }
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
    public static readonly IReadOnlyList<string> All =
        Enum.GetValues<LeadEventType>().Select(value => JsonSerializer.Serialize(value).Trim('"')).ToArray();

    public const string ChangesDescription =
        "What the change did. lead.created: null. lead.updated and lead.deleted: one entry per field whose value " +
        "changed, {\"from\": old, \"to\": new}, by its wire name (never version or updated_at); for metadata, from and " +
        "to hold only the top-level keys that changed (a removed key is null in to, an added key null in from); a " +
        "PATCH that changed no value has {}. lead.note_added: {\"note\": {\"content\", \"author\", \"created_at\"}}.";
}

// An event as stored, and how the service reads it back: the lead is read into Lead, so
// it is serialized exactly as GET serializes a lead.
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

    public LeadEvent ToEvent(JsonSerializerOptions json) => new()
    {
        Id = Id,
        Type = Type,
        OccurredAt = OccurredAt,
        LeadId = LeadId,
        LeadVersion = LeadVersion,
        Actor = Actor,
        Changes = ReadChanges(json),
        Lead = JsonSerializer.Deserialize<Lead>(Lead, json)!,
    };

    // Stored as jsonb, which orders keys its own way: read back into types, so "from"
    // comes before "to" and a note reads as the notes endpoint shows it.
    private JsonElement? ReadChanges(JsonSerializerOptions json) => Changes is null ? null
        : Type == "lead.note_added" ? JsonSerializer.SerializeToElement(JsonSerializer.Deserialize<Dictionary<string, Note>>(Changes, json), json)
        : JsonSerializer.SerializeToElement(JsonSerializer.Deserialize<Dictionary<string, FieldChange>>(Changes, json), json);

    private sealed record FieldChange(JsonElement From, JsonElement To);
}
