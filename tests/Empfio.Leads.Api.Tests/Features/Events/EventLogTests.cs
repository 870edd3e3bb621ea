using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Events;

// Every committed change of a lead writes exactly one event, and nothing else does.
public sealed class EventLogTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task CreateLead_WritesOneLeadCreatedEvent_WithTheLeadAsGetReturnsIt()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant, email: "ana@example.com");
        var lead = await client.CreateLeadAsync("""{"name": "Ana", "channel": "web", "metadata": {"source": "ad"}}""");

        var (events, _) = await client.FollowAsync(1);

        var created = events.Should().ContainSingle().Subject;
        created.Text("type").Should().Be("lead.created");
        Guid.TryParse(created.Text("id"), out _).Should().BeTrue();
        created.Text("lead_id").Should().Be(lead.Id());
        created.GetProperty("lead_version").GetInt64().Should().Be(1);
        created.Text("actor").Should().Be("ana@example.com");
        created.GetProperty("changes").ValueKind.Should().Be(JsonValueKind.Null);
        created.GetProperty("occurred_at").GetDateTime().Should().Be(lead.GetProperty("created_at").GetDateTime());
        created.GetProperty("lead").ShouldBeJson(await GetRawAsync(client, lead.Id()));
        (await api.StoredEventCountAsync(tenant)).Should().Be(1);
    }

    [Fact]
    public async Task UpdateLead_WritesLeadUpdated_WithFromAndToOfEachChangedField_AndOnlyTheChangedMetadataKeys()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant, email: null, subject: "svc-booking");
        var lead = await client.CreateLeadAsync(
            """{"name": "Ana", "channel": "web", "company": "Acme", "metadata": {"a": 1, "b": {"x": true}, "same": "s"}}""");

        var patched = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}",
            """{"name": "Ana Lima", "company": "", "status": "contacted", "metadata": {"a": 2, "b": null, "c": [1], "same": "s"}}"""))
            .ShouldBeAsync(HttpStatusCode.OK);

        var (events, _) = await client.FollowAsync(2);
        var updated = events[1];
        updated.Text("type").Should().Be("lead.updated");
        updated.Text("actor").Should().Be("svc-booking", "a service token has no email: its subject is the actor");
        updated.GetProperty("lead_version").GetInt64().Should().Be(2);
        updated.GetProperty("occurred_at").GetDateTime().Should().Be(patched.GetProperty("updated_at").GetDateTime());
        JsonNode.DeepEquals(JsonNode.Parse(updated.GetProperty("changes").GetRawText()), JsonNode.Parse("""
            {
              "name": {"from": "Ana", "to": "Ana Lima"},
              "company": {"from": "Acme", "to": null},
              "status": {"from": "new", "to": "contacted"},
              "metadata": {"from": {"a": 1, "b": {"x": true}, "c": null}, "to": {"a": 2, "b": null, "c": [1]}}
            }
            """)).Should().BeTrue("the changes were {0}", updated.GetProperty("changes").GetRawText());
        updated.GetProperty("changes").EnumerateObject().Select(p => p.Name)
            .Should().BeEquivalentTo(["name", "company", "status", "metadata"]);
        updated.GetProperty("lead").ShouldBeJson(patched.GetRawText());
    }

    [Fact]
    public async Task UpdateLead_ThatChangesNoValue_StillWritesItsEvent_WithEmptyChanges()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        var lead = await client.CreateLeadAsync();

        await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"name": "Jane Smith"}""")).ShouldBeAsync(HttpStatusCode.OK);

        var (events, _) = await client.FollowAsync(2);
        events[1].Text("type").Should().Be("lead.updated");
        events[1].GetProperty("lead_version").GetInt64().Should().Be(2);
        events[1].GetProperty("changes").ShouldBeJson("{}");
    }

    [Fact]
    public async Task DeleteLead_WritesLeadDeleted_WithTheStatusChange_AndDeletingAgainWritesNothing()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        var lead = await client.CreateLeadAsync();

        (await client.DeleteAsync($"{Leads}/{lead.Id()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var deleted = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        (await client.DeleteAsync($"{Leads}/{lead.Id()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var again = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);

        var (events, _) = await client.FollowAsync(2);
        events.Should().HaveCount(2);
        events[1].Text("type").Should().Be("lead.deleted");
        events[1].GetProperty("changes").ShouldBeJson("""{"status":{"from":"new","to":"lost"}}""");
        events[1].GetProperty("lead").ShouldBeJson(deleted.GetRawText());
        again.GetProperty("version").GetInt64().Should().Be(2, "deleting a lead already lost changes nothing");
        (await api.StoredEventCountAsync(tenant)).Should().Be(2);
    }

    [Fact]
    public async Task AddLeadNote_WritesLeadNoteAdded_WithTheNote()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant, email: "rita@example.com");
        var lead = await client.CreateLeadAsync();

        var notes = await (await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "Call back at 5"}"""))
            .ShouldBeAsync(HttpStatusCode.Created);

        var (events, _) = await client.FollowAsync(2);
        var added = events[1];
        added.Text("type").Should().Be("lead.note_added");
        added.Text("actor").Should().Be("rita@example.com");
        added.GetProperty("lead_version").GetInt64().Should().Be(2);
        added.GetProperty("changes").GetProperty("note").ShouldBeJson(notes.GetProperty("notes")[0].GetRawText());
        added.GetProperty("lead").ShouldBeJson(await GetRawAsync(client, lead.Id()));
    }

    [Fact]
    public async Task EveryWrite_RaisesTheVersionByOne_AndItsEventCarriesIt()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        var lead = await client.CreateLeadAsync();
        var url = $"{Leads}/{lead.Id()}";

        await (await client.PatchJsonAsync(url, """{"status": "contacted"}""")).ShouldBeAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync($"{url}/notes", """{"content": "n"}""")).ShouldBeAsync(HttpStatusCode.Created);
        (await client.DeleteAsync(url)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var (events, _) = await client.FollowAsync(4);
        events.Select(e => e.Text("type")).Should().Equal("lead.created", "lead.updated", "lead.note_added", "lead.deleted");
        events.Select(e => e.GetProperty("lead_version").GetInt64()).Should().Equal(1, 2, 3, 4);
        events.Select(e => e.GetProperty("lead").GetProperty("version").GetInt64()).Should().Equal(1, 2, 3, 4);
        (await (await client.GetAsync(url)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64().Should().Be(4);
    }

    [Fact]
    public async Task RefusedRequests_WriteNoEvent()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        var lead = await client.CreateLeadAsync("""{"name": "A", "channel": "whatsapp", "channel_id": "chat-1"}""");
        var other = await client.CreateLeadAsync("""{"name": "B", "channel": "whatsapp", "channel_id": "chat-2"}""");
        (await client.DeleteAsync($"{Leads}/{other.Id()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await client.CreateLeadAsync("""{"name": "C", "channel": "whatsapp", "channel_id": "chat-2"}""");
        var before = await api.StoredEventCountAsync(tenant);

        // 400, 409 duplicate, 404, 412, 409 conversation taken, a 400 note and a 412 delete.
        await (await client.PostJsonAsync(Leads, """{"channel": "web"}""")).ShouldBeValidationProblemAsync("name");
        await (await client.PostJsonAsync(Leads, """{"name": "A2", "channel": "whatsapp", "channel_id": "chat-1"}"""))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await client.PatchJsonAsync($"{Leads}/{Guid.NewGuid()}", """{"name": "x"}""")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var stale = new HttpRequestMessage(HttpMethod.Patch, $"{Leads}/{lead.Id()}")
        {
            Content = new StringContent("""{"name": "x"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        await (await client.SendAsync(stale)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await client.PatchJsonAsync($"{Leads}/{other.Id()}", """{"status": "new"}""")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"email": "not-an-address"}""")).ShouldBeValidationProblemAsync("email");
        await (await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": " "}""")).ShouldBeValidationProblemAsync("content");
        var staleDelete = new HttpRequestMessage(HttpMethod.Delete, $"{Leads}/{lead.Id()}");
        staleDelete.Headers.TryAddWithoutValidation("If-Match", "\"9\"");
        await (await client.SendAsync(staleDelete)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);

        (await api.StoredEventCountAsync(tenant)).Should().Be(before);
    }

    [Fact]
    public async Task AnIdempotentReplay_WritesNoSecondEvent()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        var lead = await client.CreateLeadAsync();
        async Task<HttpResponseMessage> Note()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{Leads}/{lead.Id()}/notes")
            {
                Content = new StringContent("""{"content": "once"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", "note-1");
            return await client.SendAsync(request);
        }

        (await Note()).StatusCode.Should().Be(HttpStatusCode.Created);
        var replay = await Note();

        replay.StatusCode.Should().Be(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await api.StoredEventCountAsync(tenant)).Should().Be(2, "one lead.created and one lead.note_added");
    }

    private static async Task<string> GetRawAsync(HttpClient client, string leadId) =>
        (await (await client.GetAsync($"{Leads}/{leadId}")).ShouldBeAsync(HttpStatusCode.OK)).GetRawText();
}
