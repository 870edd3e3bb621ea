using System.Net;
using System.Text.Json;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;
using Npgsql;

namespace Empfio.Leads.Api.Tests.Features.Events;

public sealed class EventFeedTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;
    private const string Events = EventFeed.Events;

    [Fact]
    public async Task ListEvents_PagesInCommitOrder_WithLimitAndHasMore_AndNextCursorStaysPutWhenNothingIsNew()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await client.CreateLeadAsync()).Id());
        }
        await client.FollowAsync(5);

        var first = await client.EventsPageAsync(query: "limit=2");
        var second = await client.EventsPageAsync(first.Text("next_cursor"), "limit=2");
        var third = await client.EventsPageAsync(second.Text("next_cursor"), "limit=2");
        var fourth = await client.EventsPageAsync(third.Text("next_cursor"), "limit=2");

        new[] { first, second, third }.SelectMany(p => p.GetProperty("events").EnumerateArray()).Select(e => e.Text("lead_id"))
            .Should().Equal(created);
        new[] { first, second, third, fourth }.Select(p => p.GetProperty("has_more").GetBoolean()).Should().Equal(true, true, false, false);
        fourth.GetProperty("events").GetArrayLength().Should().Be(0);
        fourth.Text("next_cursor").Should().Be(third.Text("next_cursor"), "with nothing new the cursor is the one given");
    }

    [Fact]
    public async Task ListEvents_OfATenantWithoutEvents_GivesACursorToPollWith_ThatLaterShowsTheFirstEvent()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var empty = await client.EventsPageAsync();
        var lead = await client.CreateLeadAsync();
        var (events, _) = await client.FollowAsync(1, after: empty.Text("next_cursor"));

        empty.GetProperty("events").GetArrayLength().Should().Be(0);
        empty.GetProperty("has_more").GetBoolean().Should().BeFalse();
        events.Select(e => e.Text("lead_id")).Should().Equal(lead.Id());
    }

    [Fact]
    public async Task GetEventsCursor_IsAfterEveryEventSoFar_AndTheFeedFromItHasOnlyLaterOnes()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var before = await client.CreateLeadAsync();
        await client.FollowAsync(1);

        var cursor = (await (await client.GetAsync($"{Events}/cursor")).ShouldBeAsync(HttpStatusCode.OK)).Text("cursor");
        var after = await client.CreateLeadAsync();
        var (events, _) = await client.FollowAsync(1, after: cursor);

        events.Select(e => e.Text("lead_id")).Should().Equal(after.Id()).And.NotContain(before.Id());
    }

    [Fact]
    public async Task ListEvents_FiltersByType_RepeatedOrCommaSeparated_AndByLead()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var one = await client.CreateLeadAsync();
        var two = await client.CreateLeadAsync();
        await (await client.PatchJsonAsync($"{Leads}/{one.Id()}", """{"status": "contacted"}""")).ShouldBeAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync($"{Leads}/{two.Id()}/notes", """{"content": "n"}""")).ShouldBeAsync(HttpStatusCode.Created);
        (await client.DeleteAsync($"{Leads}/{two.Id()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await client.FollowAsync(5);

        static IEnumerable<string?> Types(JsonElement page) => page.GetProperty("events").EnumerateArray().Select(e => e.Text("type"));
        Types(await client.EventsPageAsync(query: "type=lead.updated")).Should().Equal("lead.updated");
        Types(await client.EventsPageAsync(query: "type=lead.note_added&type=lead.deleted")).Should().Equal("lead.note_added", "lead.deleted");
        // A comma-separated list is accepted too, beside the documented repeated form that
        // generated clients send (OpenAPI cannot state both): asked without the document check.
        var commaSeparated = await (await api.Factory.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Events}?type=lead.created,lead.deleted")
        {
            Headers = { Authorization = client.DefaultRequestHeaders.Authorization },
        })).ShouldBeAsync(HttpStatusCode.OK);
        Types(commaSeparated).Should().Equal("lead.created", "lead.created", "lead.deleted");
        Types(await client.EventsPageAsync(query: $"lead_id={two.Id()}")).Should().Equal("lead.created", "lead.note_added", "lead.deleted");
        Types(await client.EventsPageAsync(query: $"lead_id={one.Id()}&type=lead.updated")).Should().Equal("lead.updated");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=1&limit=2", "limit")]
    [InlineData("type=lead.renamed", "type")]
    [InlineData("type=lead.created,", "type")]
    [InlineData("after=abc", "after")]
    [InlineData("after=AAAAAAAAAAAAAAAAAAAAAA%3D%3D", "after")]
    [InlineData("after=_____________________w", "after")]
    [InlineData("lead_id=42", "lead_id")]
    public async Task ListEvents_RefusesABadQuery_With400NamingTheParameter(string query, string parameter)
    {
        var response = await api.ClientFor(LeadsApi.NewTenant()).GetAsync($"{Events}?{query}");

        await response.ShouldBeValidationProblemAsync(parameter);
    }

    [Fact]
    public async Task ListEvents_WithAnotherTenantsCursor_ShowsOnlyTheCallersEvents()
    {
        var owner = api.ClientFor(LeadsApi.NewTenant());
        var stranger = api.ClientFor(LeadsApi.NewTenant());
        var start = (await owner.EventsPageAsync()).Text("next_cursor");
        var lead = await owner.CreateLeadAsync();
        await owner.FollowAsync(1, after: start);

        var seen = await stranger.EventsPageAsync(start);
        var history = await stranger.GetAsync($"{Leads}/{lead.Id()}/history");
        var filtered = await stranger.EventsPageAsync(query: $"lead_id={lead.Id()}");

        seen.GetProperty("events").GetArrayLength().Should().Be(0);
        filtered.GetProperty("events").GetArrayLength().Should().Be(0);
        await history.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListEvents_NeverSkipsAnEventWhoseTransactionCommitsAfterLaterOnes()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        var late = await client.CreateLeadAsync();
        var early = await client.CreateLeadAsync();
        var (_, cursor) = await client.FollowAsync(2);

        // A writer takes its transaction id and position first, then stays open while a
        // later write commits and the reader polls.
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("""
            UPDATE leads SET name = 'Committed late', updated_at = now(), version = version + 1,
                change = ROW('lead.updated', 'late-writer')::lead_change
            WHERE tenant_id = @tenant AND id = @id
            """, connection, transaction))
        {
            update.Parameters.AddWithValue("tenant", tenant);
            update.Parameters.AddWithValue("id", Guid.Parse(late.Id()));
            (await update.ExecuteNonQueryAsync()).Should().Be(1);
        }
        await (await client.PatchJsonAsync($"{Leads}/{early.Id()}", """{"name": "Committed first"}""")).ShouldBeAsync(HttpStatusCode.OK);
        var seen = new List<JsonElement>();
        for (var poll = 0; poll < 5; poll++)
        {
            var page = await client.EventsPageAsync(cursor);
            seen.AddRange(page.GetProperty("events").EnumerateArray());
            cursor = page.Text("next_cursor");
            await Task.Delay(20);
        }
        await transaction.CommitAsync();
        var (rest, _) = await client.FollowAsync(2 - seen.Count, after: cursor);
        seen.AddRange(rest);

        seen.Select(e => e.GetProperty("lead").Text("name")).Should().BeEquivalentTo("Committed late", "Committed first");
        seen.Select(e => e.Text("id")).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task ListEvents_FollowedWhileWritersRun_ShowsEveryEventOnce_InEachLeadsVersionOrder()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        var leads = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            leads.Add((await client.CreateLeadAsync()).Id());
        }
        var seen = new List<JsonElement>();
        string? cursor = null;
        var writing = true;

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var writer = api.ClientFor(tenant, email: $"writer-{w}@example.com");
            for (var i = 0; i < 15; i++)
            {
                var lead = leads[(w + i) % leads.Count];
                var response = i % 3 == 2
                    ? await writer.PostJsonAsync($"{Leads}/{lead}/notes", $$"""{"content": "note {{w}}-{{i}}"}""")
                    : await writer.PatchJsonAsync($"{Leads}/{lead}", $$$"""{"metadata": {"w{{{w}}}": {{{i}}}}}""");
                response.IsSuccessStatusCode.Should().BeTrue();
            }
        })).ToList();
        var reader = Task.Run(async () =>
        {
            while (Volatile.Read(ref writing))
            {
                var page = await client.EventsPageAsync(cursor, "limit=7");
                seen.AddRange(page.GetProperty("events").EnumerateArray());
                cursor = page.Text("next_cursor");
            }
        });
        await Task.WhenAll(writers);
        Volatile.Write(ref writing, false);
        await reader;
        var stored = await api.StoredEventCountAsync(tenant);
        var (rest, _) = await client.FollowAsync((int)stored - seen.Count, after: cursor);
        seen.AddRange(rest);

        stored.Should().Be(4 + 4 * 15);
        seen.Should().HaveCount((int)stored);
        seen.Select(e => e.Text("id")).Should().OnlyHaveUniqueItems();
        foreach (var lead in leads)
        {
            var versions = seen.Where(e => e.Text("lead_id") == lead).Select(e => e.GetProperty("lead_version").GetInt64()).ToList();
            versions.Should().Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), "lead {0}'s events come in version order", lead);
        }
    }
}
