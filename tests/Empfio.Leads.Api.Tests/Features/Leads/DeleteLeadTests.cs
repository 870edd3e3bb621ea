using System.Net;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Leads;

public sealed class DeleteLeadTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task DeleteLead_SetsStatusLostAndReturns204_AndAgainOnASecondCall()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var first = await client.DeleteAsync($"{Leads}/{lead.Id()}");
        var afterFirst = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        var second = await client.DeleteAsync($"{Leads}/{lead.Id()}");
        var afterSecond = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        second.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await first.Content.ReadAsStringAsync()).Should().BeEmpty();
        afterFirst.Text("status").Should().Be("lost");
        afterFirst.GetProperty("updated_at").GetDateTime().Should().BeAfter(lead.GetProperty("updated_at").GetDateTime());
        afterSecond.GetRawText().Should().Be(afterFirst.GetRawText(), "deleting again changes nothing");
    }

    [Fact]
    public async Task DeleteLead_IsSoft_TheLeadStaysListedWithStatusLost()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        await client.DeleteAsync($"{Leads}/{lead.Id()}");

        var lost = await (await client.GetAsync($"{Leads}?status=lost")).ShouldBeAsync(HttpStatusCode.OK);
        lost.GetProperty("leads").EnumerateArray().Select(l => l.Id()).Should().Equal(lead.Id());
    }

    [Fact]
    public async Task DeleteLead_UnknownId_Returns404()
    {
        var response = await api.ClientFor(LeadsApi.NewTenant()).DeleteAsync($"{Leads}/{Guid.NewGuid()}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteLead_OfAnotherTenant_Returns404AndLeavesItUntouched()
    {
        var owner = api.ClientFor(LeadsApi.NewTenant());
        var lead = await owner.CreateLeadAsync();

        var response = await api.ClientFor(LeadsApi.NewTenant()).DeleteAsync($"{Leads}/{lead.Id()}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var unchanged = await (await owner.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        unchanged.GetRawText().Should().Be(lead.GetRawText());
    }
}
