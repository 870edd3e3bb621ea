using Empfio.Leads.Api.Tests.Fixtures;
using Empfio.Leads.KiotaClient;
using Empfio.Leads.KiotaClient.Models;
using FluentAssertions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Empfio.Leads.Api.Tests.Contract;

// What a .NET team gets from Kiota at its quick-start settings (tests/Empfio.Leads.KiotaClient):
// the shared scenario, with every PATCH leaving the fields its caller did not set unchanged
// (raw GET), and problem details as exceptions whose message is the problem's detail.
public sealed class KiotaClientTests(LeadsApi api)
{
    [Fact]
    public async Task TheSharedScenarioPasses()
    {
        var http = api.ClientFor(LeadsApi.NewTenant());
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        var leads = new LeadsClient(adapter).Api.V1.Leads;
        var channelId = $"tg-{Guid.NewGuid():N}";

        var lead = (await leads.PostAsync(new CreateLeadRequest
        {
            Name = "Jane Smith",
            Channel = LeadChannel.Telegram,
            ChannelId = channelId,
            Phone = "+49 30 1234567",
            Email = "jane@example.com",
            Company = "Acme",
            Status = LeadStatus.Booking_offered,
            PreferredServices = ["haircut"],
            Metadata = new CreateLeadRequest_metadata { AdditionalData = new Dictionary<string, object> { ["source"] = "web" } },
        }))!;
        lead.Status.Should().Be(LeadStatus.Booking_offered);
        var id = lead.Id!.Value;
        var key = Guid.NewGuid().ToString();
        var keyed = await leads.PostAsync(new CreateLeadRequest { Name = "Keyed", Channel = LeadChannel.Web }, c => c.Headers.Add("Idempotency-Key", key));
        (await leads.PostAsync(new CreateLeadRequest { Name = "Keyed", Channel = LeadChannel.Web }, c => c.Headers.Add("Idempotency-Key", key)))!
            .Id.Should().Be(keyed!.Id);

        (await leads[id].GetAsync())!.Name.Should().Be("Jane Smith");

        var before = await StoredLead.RawAsync(http, id);
        (await leads[id].PatchAsync(new UpdateLeadRequest { Status = LeadStatus.No_show }))!.Status.Should().Be(LeadStatus.No_show);
        StoredLead.OnlyChanged(before, await StoredLead.RawAsync(http, id), "status");

        before = await StoredLead.RawAsync(http, id);
        await leads[id].PatchAsync(new UpdateLeadRequest { Metadata = new UpdateLeadRequest_metadata { AdditionalData = new Dictionary<string, object> { ["tag"] = "vip" } } });
        var after = await StoredLead.RawAsync(http, id);
        StoredLead.OnlyChanged(before, after, "metadata");
        after.GetProperty("metadata").GetProperty("source").GetString().Should().Be("web");

        before = after;
        (await leads[id].PatchAsync(new UpdateLeadRequest { Company = "" }))!.Company.Should().BeNull();
        StoredLead.OnlyChanged(before, await StoredLead.RawAsync(http, id), "company");

        var version = (await leads[id].GetAsync())!.Version!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await leads[id].PatchAsync(new UpdateLeadRequest { Name = "Jane M." }, c => c.Headers.Add("If-Match", version));
        var stale = await FluentActions.Awaiting(() => leads[id].PatchAsync(new UpdateLeadRequest { Name = "Jane X." }, c => c.Headers.Add("If-Match", version)))
            .Should().ThrowAsync<ProblemDetails>();
        stale.Which.ResponseStatusCode.Should().Be(412);
        stale.Which.Message.Should().Contain("no longer at the version");

        var page = await leads.GetAsync(c => { c.QueryParameters.StatusAsLeadStatus = LeadStatus.No_show; c.QueryParameters.Search = "jane"; });
        page!.Leads!.Select(l => l.Id).Should().Equal(id);
        page.Leads!.Single().Status.Should().Be(LeadStatus.No_show);
        (await leads.GetAsync(c => { c.QueryParameters.ChannelAsLeadChannel = LeadChannel.Telegram; c.QueryParameters.ChannelId = channelId; }))!
            .Leads!.Select(l => l.Id).Should().Equal(id);

        (await leads[id].Notes.PostAsync(new AddNoteRequest { Content = "Called back" }))!.Notes!.Single().Content.Should().Be("Called back");

        var missing = await FluentActions.Awaiting(() => leads[Guid.NewGuid()].GetAsync()).Should().ThrowAsync<ProblemDetails>();
        missing.Which.ResponseStatusCode.Should().Be(404);
        missing.Which.Message.Should().Contain("There is no lead");
        var invalid = await FluentActions.Awaiting(() => leads.PostAsync(new CreateLeadRequest { Name = " ", Channel = LeadChannel.Web, Email = "nope" }))
            .Should().ThrowAsync<HttpValidationProblemDetails>();
        invalid.Which.Violations!.Select(v => v.Field).Should().BeEquivalentTo("name", "email");
        invalid.Which.Message.Should().Contain("'name'").And.Contain("'email'");

        await leads[id].DeleteAsync();
        (await leads[id].GetAsync())!.Status.Should().Be(LeadStatus.Lost);
    }
}
