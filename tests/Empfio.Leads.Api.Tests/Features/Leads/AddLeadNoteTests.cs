using System.Net;
using System.Text.Json;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Leads;

public sealed class AddLeadNoteTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task AddNote_Returns201WithAllNotesOldestFirst_AttributedToTheTokensEmail()
    {
        var client = api.ClientFor(LeadsApi.NewTenant(), email: "you@example.com");
        var lead = await client.CreateLeadAsync();

        await (await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "First call"}""")).ShouldBeAsync(HttpStatusCode.Created);
        var response = await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "Called back, interested in the premium package"}""");

        var body = await response.ShouldBeAsync(HttpStatusCode.Created);
        body.EnumerateObject().Select(p => p.Name).Should().Equal("notes");
        var notes = body.GetProperty("notes").EnumerateArray().ToList();
        notes.Select(n => n.Text("content")).Should().Equal("First call", "Called back, interested in the premium package");
        notes.Should().AllSatisfy(note =>
        {
            note.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("content", "author", "created_at");
            note.Text("author").Should().Be("you@example.com");
            note.Text("created_at").Should().EndWith("Z");
            note.GetProperty("created_at").GetDateTime().Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
        });
        notes[0].GetProperty("created_at").GetDateTime().Should().BeOnOrBefore(notes[1].GetProperty("created_at").GetDateTime());
    }

    [Fact]
    public async Task AddNote_WithServiceTokenWithoutEmail_IsAttributedToTheSubject()
    {
        var client = api.ClientFor(LeadsApi.NewTenant(), email: null, subject: "booking-agent");
        var lead = await client.CreateLeadAsync();

        var body = await (await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "Captured on WhatsApp"}"""))
            .ShouldBeAsync(HttpStatusCode.Created);

        body.GetProperty("notes")[0].Text("author").Should().Be("booking-agent");
    }

    [Fact]
    public async Task AddNote_IsStoredInTheLeadsMetadataAndUpdatesUpdatedAt()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync("""{"name": "Jane", "channel": "web", "metadata": {"tags": ["vip"]}}""");

        await (await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "Hello"}""")).ShouldBeAsync(HttpStatusCode.Created);

        var after = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetProperty("metadata").GetProperty("notes")[0].Text("content").Should().Be("Hello");
        after.GetProperty("metadata").GetProperty("tags")[0].GetString().Should().Be("vip");
        after.GetProperty("updated_at").GetDateTime().Should().BeAfter(lead.GetProperty("updated_at").GetDateTime());
    }

    [Fact]
    public async Task AddNote_TwentyInParallelToOneLead_KeepsAllTwenty()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", $$"""{"content": "note {{i}}"}""")));

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Created);
        var after = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetProperty("metadata").GetProperty("notes").EnumerateArray().Select(n => n.Text("content"))
            .Should().BeEquivalentTo(Enumerable.Range(1, 20).Select(i => $"note {i}"));
    }

    [Fact]
    public async Task AddNote_FiftyInParallel_AreStoredOldestFirstByTheirTimes()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var responses = await Task.WhenAll(Enumerable.Range(1, 50).Select(i =>
            client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", $$"""{"content": "note {{i}}"}""")));

        foreach (var response in responses)
        {
            var returned = await response.ShouldBeAsync(HttpStatusCode.Created);
            Times(returned.GetProperty("notes")).Should().BeInAscendingOrder();
        }
        var after = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        var stored = after.GetProperty("metadata").GetProperty("notes");
        stored.GetArrayLength().Should().Be(50);
        Times(stored).Should().BeInAscendingOrder();
    }

    private static List<DateTime> Times(JsonElement notes) =>
        notes.EnumerateArray().Select(n => n.GetProperty("created_at").GetDateTime()).ToList();

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"content": null}""")]
    [InlineData("""{"content": ""}""")]
    [InlineData("""{"content": "   "}""")]
    [InlineData("""{"content": "a\u0000b"}""")]
    public async Task AddNote_WithoutContent_Returns400NamingContentAndAddsNothing(string body)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var response = await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", body);

        await response.ShouldBeValidationProblemAsync("content");
        var after = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetRawText().Should().Be(lead.GetRawText());
    }

    [Fact]
    public async Task AddNote_LongerThan10000Characters_Returns400NamingContent()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var response = await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", $$"""{"content": "{{new string('x', 10_001)}}"}""");

        await response.ShouldBeValidationProblemAsync("content");
    }

    [Theory]
    [InlineData("""{"content": "Hi", "author": "someone@else.com"}""")]
    [InlineData("""["Hi"]""")]
    [InlineData("""{"content": 5}""")]
    public async Task AddNote_WithMalformedBody_Returns400(string body)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var response = await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AddNote_ToUnknownLead_Returns404()
    {
        var response = await api.ClientFor(LeadsApi.NewTenant())
            .PostJsonAsync($"{Leads}/{Guid.NewGuid()}/notes", """{"content": "Hello"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AddNote_ToAnotherTenantsLead_Returns404AndAddsNothing()
    {
        var owner = api.ClientFor(LeadsApi.NewTenant());
        var lead = await owner.CreateLeadAsync();

        var response = await api.ClientFor(LeadsApi.NewTenant())
            .PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "Hello"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var unchanged = await (await owner.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        unchanged.GetRawText().Should().Be(lead.GetRawText());
    }
}
