using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Events;

// The bootstrap a consumer does once: take the cursor, copy every lead through the list,
// then apply the feed from the cursor. Writers keep writing all along.
public sealed class IncrementalSyncTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    private static readonly string[] SummaryFields =
        ["id", "name", "phone", "email", "company", "channel", "status", "created_at", "updated_at", "version"];

    [Fact]
    public async Task CursorThenListThenFeed_WhileWritersRun_GivesACopyEqualToTheDatabase()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        var existing = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            existing.Add((await client.CreateLeadAsync($$"""{"name": "Lead {{i}}", "channel": "web"}""")).Id());
        }

        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var writer = api.ClientFor(tenant);
            for (var i = 0; !stop.IsCancellationRequested || i < 5; i++)
            {
                var response = (i % 4) switch
                {
                    0 => await writer.PostJsonAsync(Leads, $$"""{"name": "New {{w}}-{{i}}", "channel": "email"}"""),
                    1 => await writer.PatchJsonAsync($"{Leads}/{existing[(w * 5 + i) % existing.Count]}", $$"""{"name": "Renamed {{w}}-{{i}}"}"""),
                    2 => await writer.PatchJsonAsync($"{Leads}/{existing[(w + i) % existing.Count]}", """{"status": "contacted", "company": "Acme"}"""),
                    _ => await writer.DeleteAsync($"{Leads}/{existing[(w * 3 + i) % existing.Count]}"),
                };
                response.IsSuccessStatusCode.Should().BeTrue();
            }
        })).ToList();

        var cursor = (await (await client.GetAsync($"{EventFeed.Events}/cursor")).ShouldBeAsync(HttpStatusCode.OK)).Text("cursor")!;
        var copy = new Dictionary<string, JsonElement>();
        for (var page = 1; ; page++)
        {
            var leads = (await (await client.GetAsync($"{Leads}?size=5&page={page}")).ShouldBeAsync(HttpStatusCode.OK))
                .GetProperty("leads").EnumerateArray().ToList();
            if (leads.Count == 0) break;
            foreach (var lead in leads) Apply(copy, lead);
        }
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        // Every event after the cursor: all of them, however long the feed holds some back.
        var afterCursor = await api.Database.ScalarAsync<long>(
            "SELECT count(*) FROM lead_events WHERE tenant_id = @tenant AND txid >= @txid",
            ("tenant", tenant), ("txid", BinaryPrimitives.ReadInt64BigEndian(Base64Url.DecodeFromChars(cursor))));
        var (events, _) = await client.FollowAsync((int)afterCursor, after: cursor);
        events.Should().HaveCount((int)afterCursor);
        foreach (var change in events) Apply(copy, change.GetProperty("lead"));

        var database = new Dictionary<string, JsonElement>();
        for (var page = 1; ; page++)
        {
            var leads = (await (await client.GetAsync($"{Leads}?size=100&page={page}")).ShouldBeAsync(HttpStatusCode.OK))
                .GetProperty("leads").EnumerateArray().ToList();
            if (leads.Count == 0) break;
            foreach (var lead in leads) database[lead.Id()] = lead;
        }
        database.Count.Should().BeGreaterThan(12, "the writers created leads during the copy");
        copy.Keys.Should().BeEquivalentTo(database.Keys);
        foreach (var (id, lead) in database)
        {
            Summary(copy[id]).Should().Be(Summary(lead), "lead {0} is copied as it is", id);
        }
    }

    // A lead (from the list, or an event's) replaces the copy's only when it is newer.
    private static void Apply(Dictionary<string, JsonElement> copy, JsonElement lead)
    {
        if (!copy.TryGetValue(lead.Id(), out var known) || lead.GetProperty("version").GetInt64() > known.GetProperty("version").GetInt64())
        {
            copy[lead.Id()] = lead;
        }
    }

    private static string Summary(JsonElement lead) =>
        string.Join("|", SummaryFields.Select(field => lead.GetProperty(field).GetRawText()));
}
