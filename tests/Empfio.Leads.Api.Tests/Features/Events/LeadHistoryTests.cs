using System.Net;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Events;

public sealed class LeadHistoryTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task GetLeadHistory_ListsWhoChangedWhatOldestFirst_APageAtATime()
    {
        var client = api.ClientFor(LeadsApi.NewTenant(), email: "maria@example.com");
        var lead = await client.CreateLeadAsync();
        var other = await client.CreateLeadAsync();
        var url = $"{Leads}/{lead.Id()}";
        await (await client.PatchJsonAsync(url, """{"status": "contacted"}""")).ShouldBeAsync(HttpStatusCode.OK);
        await (await client.PatchJsonAsync($"{Leads}/{other.Id()}", """{"status": "booked"}""")).ShouldBeAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync($"{url}/notes", """{"content": "Wants Friday"}""")).ShouldBeAsync(HttpStatusCode.Created);

        var first = await (await client.GetAsync($"{url}/history?size=2")).ShouldBeAsync(HttpStatusCode.OK);
        var second = await (await client.GetAsync($"{url}/history?size=2&page=2")).ShouldBeAsync(HttpStatusCode.OK);

        first.GetProperty("total").GetInt64().Should().Be(3);
        (first.GetProperty("page").GetInt32(), first.GetProperty("size").GetInt32()).Should().Be((1, 2));
        var events = first.GetProperty("events").EnumerateArray().Concat(second.GetProperty("events").EnumerateArray()).ToList();
        events.Select(e => e.Text("type")).Should().Equal("lead.created", "lead.updated", "lead.note_added");
        events.Select(e => e.Text("lead_id")).Should().AllBe(lead.Id());
        events.Select(e => e.Text("actor")).Should().AllBe("maria@example.com");
        events[1].GetProperty("changes").ShouldBeJson("""{"status":{"from":"new","to":"contacted"}}""");
    }

    [Fact]
    public async Task GetLeadHistory_OfAnUnknownLead_Is404()
    {
        var response = await api.ClientFor(LeadsApi.NewTenant()).GetAsync($"{Leads}/{Guid.NewGuid()}/history");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("size=101", "size")]
    [InlineData("size=x", "size")]
    public async Task GetLeadHistory_RefusesABadPage_With400(string query, string parameter)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var response = await client.GetAsync($"{Leads}/{lead.Id()}/history?{query}");

        await response.ShouldBeValidationProblemAsync(parameter);
    }
}
