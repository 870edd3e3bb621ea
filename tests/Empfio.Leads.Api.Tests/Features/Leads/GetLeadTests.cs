using System.Net;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Leads;

public sealed class GetLeadTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task GetLead_Existing_ReturnsTheFullRecordWithEverySpecField()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var created = await client.CreateLeadAsync("""{"name": "Jane", "channel": "email", "email": "jane@example.com"}""");

        var lead = await (await client.GetAsync($"{Leads}/{created.Id()}")).ShouldBeAsync(HttpStatusCode.OK);

        lead.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "id", "name", "phone", "email", "company", "channel", "channel_id", "status",
            "preferred_services", "appointment_notes", "metadata", "created_at", "updated_at", "version");
        lead.GetRawText().Should().Be(created.GetRawText());
    }

    [Fact]
    public async Task GetLead_UnknownId_Returns404Problem()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var response = await client.GetAsync($"{Leads}/{Guid.NewGuid()}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("123")]
    [InlineData("' OR 1=1 --")]
    [InlineData("00000000-0000-0000-0000-00000000000g")]
    public async Task GetLead_MalformedId_Returns404ProblemNotAServerError(string id)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var response = await client.GetAsync($"{Leads}/{Uri.EscapeDataString(id)}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetLead_OfAnotherTenant_Returns404AsIfItDidNotExist()
    {
        var lead = await api.ClientFor(LeadsApi.NewTenant()).CreateLeadAsync();
        var otherTenant = api.ClientFor(LeadsApi.NewTenant());

        var response = await otherTenant.GetAsync($"{Leads}/{lead.Id()}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var unknown = await (await otherTenant.GetAsync($"{Leads}/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("title").GetString().Should().Be(unknown.GetProperty("title").GetString());
    }
}
