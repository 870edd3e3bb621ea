using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Fixtures;

// A consumer of GET /api/v1/events: it follows next_cursor as a client would.
public static class EventFeed
{
    public const string Events = "/api/v1/events";

    public static async Task<JsonElement> EventsPageAsync(this HttpClient client, string? after = null, string query = "")
    {
        var url = after is null ? $"{Events}?{query}" : $"{Events}?after={after}&{query}";
        return await (await client.GetAsync(url.TrimEnd('?', '&'))).ShouldBeAsync(HttpStatusCode.OK);
    }

    // Follows the feed from after (or its start) until at least count events have arrived.
    // The feed holds events back while an older writing transaction anywhere in the
    // database is still open (tests run in parallel), so this waits for them, up to 20 s.
    public static async Task<(List<JsonElement> Events, string Cursor)> FollowAsync(
        this HttpClient client, int count, string? after = null, string query = "", int limit = 100)
    {
        var events = new List<JsonElement>();
        var cursor = after;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var page = await client.EventsPageAsync(cursor, $"limit={limit}&{query}".TrimEnd('&'));
            events.AddRange(page.GetProperty("events").EnumerateArray());
            cursor = page.Text("next_cursor")!;
            if (events.Count >= count && !page.GetProperty("has_more").GetBoolean())
            {
                return (events, cursor);
            }
            if (!page.GetProperty("has_more").GetBoolean())
            {
                waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "{0} events were expected, {1} arrived", count, events.Count);
                await Task.Delay(50);
            }
        }
    }

    // How many events the tenant has, counted in the table itself (not through the feed).
    public static async Task<long> StoredEventCountAsync(this LeadsApi api, string tenant) =>
        await api.Database.ScalarAsync<long>("SELECT count(*) FROM lead_events WHERE tenant_id = @tenant", ("tenant", tenant));
}
