using System.Net;
using Empfio.Leads.Api.Features.Events;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;

namespace Empfio.Leads.Api.Tests.Features.Events;

public sealed class EventRetentionTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task Retention_RemovesEventsOlderThanTheWindow_AndACursorFromBeforeThemIs410()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        var lead = await client.CreateLeadAsync();
        await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"status": "contacted"}""")).ShouldBeAsync(HttpStatusCode.OK);
        var (old, _) = await client.FollowAsync(2);
        var afterFirst = (await client.EventsPageAsync(query: "limit=1")).Text("next_cursor");
        var afterBoth = (await client.EventsPageAsync(query: "limit=2")).Text("next_cursor");
        await api.Database.ScalarAsync<int>(
            "UPDATE lead_events SET occurred_at = now() - interval '91 days' WHERE tenant_id = @tenant", ("tenant", tenant));
        await (await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "kept"}""")).ShouldBeAsync(HttpStatusCode.Created);
        await client.FollowAsync(3);

        await api.Factory.Services.GetRequiredService<EventRetention>().RemoveExpiredAsync(CancellationToken.None);

        (await api.StoredEventCountAsync(tenant)).Should().Be(1);
        var expired = await client.GetAsync($"{EventFeed.Events}?after={afterFirst}");
        (await expired.ShouldBeProblemAsync(HttpStatusCode.Gone)).Text("detail").Should().Contain("Resynchronize");
        var fromTheLastRemoved = await client.EventsPageAsync(afterBoth);
        fromTheLastRemoved.GetProperty("events").EnumerateArray().Select(e => e.Text("type")).Should().Equal("lead.note_added");
        var fromTheStart = await client.EventsPageAsync();
        fromTheStart.GetProperty("events").EnumerateArray().Select(e => e.Text("type")).Should().Equal("lead.note_added");
        var history = await (await client.GetAsync($"{Leads}/{lead.Id()}/history")).ShouldBeAsync(HttpStatusCode.OK);
        history.GetProperty("total").GetInt64().Should().Be(1);
        old.Should().HaveCount(2);
    }

    [Fact]
    public async Task Retention_RemovesOnlyAPrefixOfTheFeed_StoppingAtTheFirstEventStillInTheWindow()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        for (var i = 0; i < 3; i++)
        {
            await client.CreateLeadAsync();
        }
        var (events, _) = await client.FollowAsync(3);
        // The first and the third are old, the second is not: only the first can go, or a
        // cursor after the second would silently miss the third.
        await api.Database.ScalarAsync<int>(
            "UPDATE lead_events SET occurred_at = now() - interval '100 days' WHERE tenant_id = @tenant AND id = ANY(@ids)",
            ("tenant", tenant), ("ids", new[] { Guid.Parse(events[0].Text("id")!), Guid.Parse(events[2].Text("id")!) }));

        await api.Factory.Services.GetRequiredService<EventRetention>().RemoveExpiredAsync(CancellationToken.None);

        var left = await client.EventsPageAsync();
        left.GetProperty("events").EnumerateArray().Select(e => e.Text("id")).Should().Equal(events[1].Text("id"), events[2].Text("id"));
    }
}
