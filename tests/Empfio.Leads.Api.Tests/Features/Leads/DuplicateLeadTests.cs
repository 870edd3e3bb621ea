using System.Net;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Leads;

// (tenant, channel, channel_id) belongs to at most one lead that is not lost.
public sealed class DuplicateLeadTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;
    private const string WhatsAppLead = """{"name": "Jane", "channel": "whatsapp", "channel_id": "+4915112345678"}""";

    [Fact]
    public async Task CreateLead_ForAConversationThatHasAnActiveLead_Returns409NamingTheExistingLead()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var first = await client.CreateLeadAsync(WhatsAppLead);

        var response = await client.PostJsonAsync(Leads, """{"name": "Jane again", "channel": "whatsapp", "channel_id": "+4915112345678"}""");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("lead_id").GetString().Should().Be(first.Id());
        response.Headers.Location!.AbsolutePath.Should().Be($"{Leads}/{first.Id()}");
        var page = await (await client.GetAsync(Leads)).ShouldBeAsync(HttpStatusCode.OK);
        page.GetProperty("total").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task CreateLead_TwelveIdenticalInParallel_GiveOne201AndEleven409()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostJsonAsync(Leads, WhatsAppLead)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(11);
        var created = await responses.Single(r => r.StatusCode == HttpStatusCode.Created).JsonAsync();
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            (await conflict.JsonAsync()).GetProperty("lead_id").GetString().Should().Be(created.Id());
        }
        var page = await (await client.GetAsync(Leads)).ShouldBeAsync(HttpStatusCode.OK);
        page.GetProperty("total").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task CreateLead_SameChannelIdOnAnotherChannelOrInAnotherTenant_IsNotADuplicate()
    {
        var tenant = api.ClientFor(LeadsApi.NewTenant());
        var other = api.ClientFor(LeadsApi.NewTenant());
        var whatsApp = await tenant.CreateLeadAsync("""{"name": "Jane", "channel": "whatsapp", "channel_id": "12345"}""");

        var telegram = await tenant.CreateLeadAsync("""{"name": "Jane", "channel": "telegram", "channel_id": "12345"}""");
        var otherTenants = await other.CreateLeadAsync("""{"name": "Jane", "channel": "whatsapp", "channel_id": "12345"}""");

        new[] { whatsApp.Id(), telegram.Id(), otherTenants.Id() }.Should().OnlyHaveUniqueItems();
        (await ActiveIdsAsync(tenant, "12345")).Should().BeEquivalentTo([whatsApp.Id(), telegram.Id()]);
        (await ActiveIdsAsync(other, "12345")).Should().Equal(otherTenants.Id());
    }

    [Fact]
    public async Task CreateLead_WithoutChannelId_IsNeverADuplicate()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var first = await client.CreateLeadAsync("""{"name": "Walk-in", "channel": "voice"}""");
        var second = await client.CreateLeadAsync("""{"name": "Walk-in", "channel": "voice"}""");

        second.Id().Should().NotBe(first.Id());
        var page = await (await client.GetAsync($"{Leads}?channel=voice")).ShouldBeAsync(HttpStatusCode.OK);
        page.GetProperty("leads").EnumerateArray().Select(l => l.Id()).Should().BeEquivalentTo([first.Id(), second.Id()]);
    }

    [Fact]
    public async Task CreateLead_AfterTheActiveLeadWasLost_CreatesANewOne()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var first = await client.CreateLeadAsync(WhatsAppLead);
        await client.DeleteAsync($"{Leads}/{first.Id()}");

        var second = await client.CreateLeadAsync(WhatsAppLead);

        second.Id().Should().NotBe(first.Id());
        second.Text("status").Should().Be("new");
        var conversation = await (await client.GetAsync($"{Leads}?channel=whatsapp&channel_id=%2B4915112345678")).ShouldBeAsync(HttpStatusCode.OK);
        conversation.GetProperty("leads").EnumerateArray().Select(l => (l.Id(), l.Text("status")))
            .Should().BeEquivalentTo([(first.Id(), "lost"), (second.Id(), "new")]);
    }

    [Fact]
    public async Task UpdateLead_ReopeningALostLeadWhoseConversationHasAnotherActiveLead_Returns409AndChangesNothing()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var old = await client.CreateLeadAsync(WhatsAppLead);
        await client.DeleteAsync($"{Leads}/{old.Id()}");
        await client.CreateLeadAsync(WhatsAppLead);
        var before = await (await client.GetAsync($"{Leads}/{old.Id()}")).ShouldBeAsync(HttpStatusCode.OK);

        var response = await client.PatchJsonAsync($"{Leads}/{old.Id()}", """{"status": "contacted"}""");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Text("title").Should().Be("Conversation has an active lead", "the slice answers its own conflict");
        var after = await (await client.GetAsync($"{Leads}/{old.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetRawText().Should().Be(before.GetRawText());
    }

    // The leads of a conversation (channel_id) that are not lost, in any channel.
    private static async Task<List<string>> ActiveIdsAsync(HttpClient client, string channelId)
    {
        var page = await (await client.GetAsync($"{Leads}?channel_id={channelId}")).ShouldBeAsync(HttpStatusCode.OK);
        return page.GetProperty("leads").EnumerateArray().Where(l => l.Text("status") != "lost").Select(l => l.Id()).ToList();
    }
}
