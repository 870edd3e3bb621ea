using System.Net;
using System.Text.Json;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Leads;

public sealed class ListLeadsTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task ListLeads_ForANewTenant_ReturnsAnEmptyFirstPageWithDefaults()
    {
        var page = await (await api.ClientFor(LeadsApi.NewTenant()).GetAsync(Leads)).ShouldBeAsync(HttpStatusCode.OK);

        page.GetProperty("leads").GetArrayLength().Should().Be(0);
        page.GetProperty("total").GetInt64().Should().Be(0);
        page.GetProperty("page").GetInt32().Should().Be(1);
        page.GetProperty("size").GetInt32().Should().Be(20);
    }

    [Fact]
    public async Task ListLeads_ItemsCarryTheSpecsListFields()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync("""{"name": "Jane Smith", "channel": "whatsapp", "phone": "+49123456789", "email": "jane@example.com", "status": "booked"}""");

        var page = await (await client.GetAsync(Leads)).ShouldBeAsync(HttpStatusCode.OK);

        var item = page.GetProperty("leads")[0];
        item.EnumerateObject().Select(p => p.Name).Should().Contain(
            ["id", "name", "phone", "email", "company", "channel", "status", "created_at"]);
        item.Id().Should().Be(lead.Id());
        item.Text("phone").Should().Be("+49123456789");
        item.Text("status").Should().Be("booked");
        item.GetProperty("company").ValueKind.Should().Be(JsonValueKind.Null);
        item.Text("created_at").Should().Be(lead.Text("created_at"));
    }

    [Fact]
    public async Task ListLeads_IsNewestFirst_AndPagesNeitherOverlapNorSkip()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await client.CreateLeadAsync($$"""{"name": "Lead {{i}}", "channel": "web"}""")).Id());
        }

        var seen = new List<string>();
        for (var pageNumber = 1; pageNumber <= 4; pageNumber++)
        {
            var page = await (await client.GetAsync($"{Leads}?page={pageNumber}&size=2")).ShouldBeAsync(HttpStatusCode.OK);
            page.GetProperty("total").GetInt64().Should().Be(7);
            page.GetProperty("page").GetInt32().Should().Be(pageNumber);
            page.GetProperty("size").GetInt32().Should().Be(2);
            seen.AddRange(page.GetProperty("leads").EnumerateArray().Select(l => l.Id()));
        }

        seen.Should().Equal(Enumerable.Reverse(created));
    }

    [Fact]
    public async Task ListLeads_PagePastTheEnd_Returns200WithNoLeadsAndTheTotal()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        await client.CreateLeadAsync();

        var page = await (await client.GetAsync($"{Leads}?page=50&size=10")).ShouldBeAsync(HttpStatusCode.OK);

        page.GetProperty("leads").GetArrayLength().Should().Be(0);
        page.GetProperty("total").GetInt64().Should().Be(1);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page=1.5", "page")]
    [InlineData("page=99999999999999", "page")]
    [InlineData("size=0", "size")]
    [InlineData("size=101", "size")]
    [InlineData("size=ten", "size")]
    [InlineData("size=", "size")]
    [InlineData("status=won", "status")]
    [InlineData("status=NEW", "status")]
    [InlineData("channel=fax", "channel")]
    [InlineData("search=a%00b", "search")]
    [InlineData("page=1&page=2", "page")]
    [InlineData("search=a%0Ab", "search")]
    [InlineData("status=new&status=lost", "status")]
    public async Task ListLeads_WithInvalidQuery_Returns400NamingTheParameter(string query, string parameter)
    {
        var response = await api.ClientFor(LeadsApi.NewTenant()).GetAsync($"{Leads}?{query}");

        await response.ShouldBeValidationProblemAsync(parameter);
    }

    [Fact]
    public async Task ListLeads_WithSearchOverItsLimit_Returns400()
    {
        var response = await api.ClientFor(LeadsApi.NewTenant()).GetAsync($"{Leads}?search={new string('a', 101)}");

        await response.ShouldBeValidationProblemAsync("search");
    }

    [Fact]
    public async Task ListLeads_MaximumSize_Is100()
    {
        var page = await (await api.ClientFor(LeadsApi.NewTenant()).GetAsync($"{Leads}?size=100")).ShouldBeAsync(HttpStatusCode.OK);

        page.GetProperty("size").GetInt32().Should().Be(100);
    }

    [Fact]
    public async Task ListLeads_ByChannelAndChannelId_FindsExactlyThatConversation_LostLeadsToo()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var old = await client.CreateLeadAsync("""{"name": "Before", "channel": "telegram", "channel_id": "tg-4711"}""");
        await (await client.DeleteAsync($"{Leads}/{old.Id()}")).ShouldBeAsync(HttpStatusCode.NoContent);
        var active = await client.CreateLeadAsync("""{"name": "Now", "channel": "telegram", "channel_id": "tg-4711"}""");
        await client.CreateLeadAsync("""{"name": "Other chat", "channel": "telegram", "channel_id": "tg-47110"}""");
        await client.CreateLeadAsync("""{"name": "Same id, other channel", "channel": "whatsapp", "channel_id": "tg-4711"}""");
        await api.ClientFor(LeadsApi.NewTenant()).CreateLeadAsync("""{"name": "Other tenant", "channel": "telegram", "channel_id": "tg-4711"}""");

        (await IdsAsync(client, "channel=telegram&channel_id=tg-4711")).Should().Equal(active.Id(), old.Id());
        (await IdsAsync(client, "channel=telegram&channel_id=tg-4711&status=new")).Should().Equal(active.Id());
        (await IdsAsync(client, "channel=telegram&channel_id=tg-4711&search=now")).Should().Equal(active.Id());
        (await IdsAsync(client, "channel=telegram&channel_id=TG-4711")).Should().BeEmpty();
        (await IdsAsync(client, "channel_id=tg-4711")).Should().HaveCount(3, "without channel, every channel's leads with that id");
        var page = await (await client.GetAsync($"{Leads}?channel=telegram&channel_id=tg-4711&size=1")).ShouldBeAsync(HttpStatusCode.OK);
        page.GetProperty("total").GetInt64().Should().Be(2);
    }

    [Theory]
    [InlineData("channel=telegram&channel_id=", "channel_id")]
    [InlineData("channel=telegram&channel_id=a%00b", "channel_id")]
    public async Task ListLeads_WithAnInvalidConversationFilter_Returns400NamingIt(string query, string parameter)
    {
        var response = await api.ClientFor(LeadsApi.NewTenant()).GetAsync($"{Leads}?{query}");

        await response.ShouldBeValidationProblemAsync(parameter);
    }

    [Fact]
    public async Task ListLeads_FiltersByStatusAndChannel_AndCombinesThem()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var bookedWeb = await client.CreateLeadAsync("""{"name": "A", "channel": "web", "status": "booked"}""");
        var bookedVoice = await client.CreateLeadAsync("""{"name": "B", "channel": "voice", "status": "booked"}""");
        var newWeb = await client.CreateLeadAsync("""{"name": "C", "channel": "web"}""");

        (await IdsAsync(client, "status=booked")).Should().BeEquivalentTo(bookedWeb.Id(), bookedVoice.Id());
        (await IdsAsync(client, "channel=web")).Should().BeEquivalentTo(bookedWeb.Id(), newWeb.Id());
        (await IdsAsync(client, "status=booked&channel=web")).Should().Equal(bookedWeb.Id());
        (await IdsAsync(client, "status=no_show")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("MÜLLER")]
    [InlineData("müller")]
    [InlineData("ülle")]
    public async Task ListLeads_SearchIsACaseInsensitiveUnicodeSubstringMatch(string term)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var muller = await client.CreateLeadAsync("""{"name": "Anna Müller", "channel": "web"}""");
        await client.CreateLeadAsync("""{"name": "Anna Mueller", "channel": "web"}""");

        (await IdsAsync(client, $"search={Uri.EscapeDataString(term)}")).Should().Equal(muller.Id());
    }

    [Theory]
    [InlineData("example.org", "email")]
    [InlineData("ACME", "company")]
    [InlineData("4930555", "phone")]
    [InlineData("jane", "name")]
    public async Task ListLeads_SearchMatchesNameEmailCompanyAndPhone(string term, string field)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var target = field switch
        {
            "email" => """{"name": "X", "channel": "web", "email": "x@example.org"}""",
            "company" => """{"name": "X", "channel": "web", "company": "Acme GmbH"}""",
            "phone" => """{"name": "X", "channel": "web", "phone": "+49 30 5550 1234"}""",
            _ => """{"name": "Jane Doe", "channel": "web"}""",
        };
        var lead = await client.CreateLeadAsync(target);
        await client.CreateLeadAsync("""{"name": "Other", "channel": "web", "email": "o@test.com", "company": "Other Ltd", "phone": "+4411111111"}""");

        (await IdsAsync(client, $"search={Uri.EscapeDataString(term)}")).Should().Equal(lead.Id());
    }

    [Theory]
    [InlineData("100%", "Sale 100% off")]
    [InlineData("a_b", "a_b corp")]
    [InlineData(@"back\slash", @"back\slash inc")]
    public async Task ListLeads_SearchTreatsWildcardCharactersLiterally(string term, string matchingName)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var match = await client.CreateLeadAsync(JsonSerializer.Serialize(new { name = matchingName, channel = "web" }));
        // Would match if %, _ or \ were wildcards or escapes.
        await client.CreateLeadAsync("""{"name": "Sale 1000 off", "channel": "web"}""");
        await client.CreateLeadAsync("""{"name": "axb corp", "channel": "web"}""");
        await client.CreateLeadAsync("""{"name": "backslash inc", "channel": "web"}""");

        (await IdsAsync(client, $"search={Uri.EscapeDataString(term)}")).Should().Equal(match.Id());
    }

    [Theory]
    [InlineData("Ü", 1)]
    [InlineData("ül", 1)]
    [InlineData("49", 1)]
    [InlineData("_", 0)]
    [InlineData("e", 2)]
    public async Task ListLeads_SearchWithOneOrTwoCharacters_IsStillASubstringMatch(string term, int matches)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        await client.CreateLeadAsync("""{"name": "Anna Müller", "channel": "web", "phone": "+4930123456"}""");
        await client.CreateLeadAsync("""{"name": "Eve", "channel": "web", "email": "eve@test.org"}""");

        var page = await (await client.GetAsync($"{Leads}?search={Uri.EscapeDataString(term)}")).ShouldBeAsync(HttpStatusCode.OK);

        page.GetProperty("total").GetInt64().Should().Be(matches);
        page.GetProperty("leads").GetArrayLength().Should().Be(matches);
    }

    [Fact]
    public async Task ListLeads_TotalsFollowCreatesStatusChangesAndDeletes()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var first = await client.CreateLeadAsync("""{"name": "A", "channel": "web"}""");
        var second = await client.CreateLeadAsync("""{"name": "B", "channel": "voice"}""");
        await client.CreateLeadAsync("""{"name": "C", "channel": "web", "status": "booked"}""");

        await client.PatchJsonAsync($"{Leads}/{first.Id()}", """{"status": "booked"}""");
        await client.PatchJsonAsync($"{Leads}/{first.Id()}", """{"name": "A2"}""");
        await client.DeleteAsync($"{Leads}/{second.Id()}");
        await client.DeleteAsync($"{Leads}/{second.Id()}");

        (await TotalAsync(client, "")).Should().Be(3);
        (await TotalAsync(client, "status=new")).Should().Be(0);
        (await TotalAsync(client, "status=booked")).Should().Be(2);
        (await TotalAsync(client, "status=lost")).Should().Be(1);
        (await TotalAsync(client, "status=booked&channel=web")).Should().Be(2);
        (await TotalAsync(client, "channel=voice")).Should().Be(1);
    }

    private static async Task<long> TotalAsync(HttpClient client, string query) =>
        (await (await client.GetAsync($"{Leads}?{query}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("total").GetInt64();

    [Fact]
    public async Task ListLeads_TotalCountsEveryMatchNotJustThePage()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        for (var i = 0; i < 3; i++) await client.CreateLeadAsync("""{"name": "Match", "channel": "web"}""");
        await client.CreateLeadAsync("""{"name": "Other", "channel": "web"}""");

        var page = await (await client.GetAsync($"{Leads}?search=match&size=1")).ShouldBeAsync(HttpStatusCode.OK);

        page.GetProperty("total").GetInt64().Should().Be(3);
        page.GetProperty("leads").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task ListLeads_NeverShowsAnotherTenantsLeads_InListsOrSearches()
    {
        var mine = api.ClientFor(LeadsApi.NewTenant());
        var theirs = api.ClientFor(LeadsApi.NewTenant());
        var myLead = await mine.CreateLeadAsync("""{"name": "Shared Name", "channel": "web"}""");
        await theirs.CreateLeadAsync("""{"name": "Shared Name", "channel": "web"}""");

        (await IdsAsync(mine, "")).Should().Equal(myLead.Id());
        (await IdsAsync(mine, "search=shared")).Should().Equal(myLead.Id());
        (await IdsAsync(mine, "channel=web")).Should().Equal(myLead.Id());
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string query)
    {
        var page = await (await client.GetAsync($"{Leads}?{query}")).ShouldBeAsync(HttpStatusCode.OK);
        return page.GetProperty("leads").EnumerateArray().Select(l => l.Id()).ToList();
    }
}
