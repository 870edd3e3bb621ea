using System.Net;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Auth;

public sealed class ScopeTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    private HttpClient WithScope(string tenant, string? scope, IReadOnlyDictionary<string, object>? claims = null) =>
        api.WithToken(TestTokens.Create(tenant, scope: scope, extraClaims: claims));

    [Theory]
    [InlineData("leads:read")]
    [InlineData("leads:write")]
    [InlineData("profile leads:read openid")]
    public async Task Reads_AreAllowedWithTheReadOrWriteScope(string scope)
    {
        var tenant = LeadsApi.NewTenant();
        var lead = await api.ClientFor(tenant).CreateLeadAsync();
        var client = WithScope(tenant, scope);

        (await client.GetAsync(Leads)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"{Leads}/{lead.Id()}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"{Leads}/{lead.Id()}/history")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync(EventFeed.Events)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"{EventFeed.Events}/cursor")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("leads")]
    [InlineData("leads:admin")]
    [InlineData("LEADS:READ")]
    public async Task Reads_WithoutAReadOrWriteScope_Are403(string? scope)
    {
        var client = WithScope(LeadsApi.NewTenant(), scope);

        await (await client.GetAsync(Leads)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"{Leads}/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"{Leads}/{Guid.NewGuid()}/history")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync(EventFeed.Events)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"{EventFeed.Events}/cursor")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Writes_WithOnlyTheReadScope_Are403AndChangeNothing()
    {
        var tenant = LeadsApi.NewTenant();
        var owner = api.ClientFor(tenant);
        var lead = await owner.CreateLeadAsync();
        var reader = WithScope(tenant, "leads:read");

        await (await reader.PostJsonAsync(Leads, """{"name": "Jane", "channel": "web"}""")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"status": "booked"}""")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "x"}""")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.DeleteAsync($"{Leads}/{lead.Id()}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var page = await (await owner.GetAsync(Leads)).ShouldBeAsync(HttpStatusCode.OK);
        page.GetProperty("total").GetInt64().Should().Be(1);
        var after = await (await owner.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetRawText().Should().Be(lead.GetRawText());
    }

    [Theory]
    [InlineData("leads:write", true)]
    [InlineData("leads:read", false)]
    public async Task Scopes_MayComeAsAnScpString(string scp, bool writes)
    {
        var client = WithScope(LeadsApi.NewTenant(), scope: null, new Dictionary<string, object> { ["scp"] = scp });

        await WritesAsync(client, writes);
    }

    [Theory]
    [InlineData(new[] { "openid", "leads:write" }, true)]
    [InlineData(new[] { "openid", "leads:read" }, false)]
    public async Task Scopes_MayComeAsAnScpArray(string[] scp, bool writes)
    {
        var client = WithScope(LeadsApi.NewTenant(), scope: null, new Dictionary<string, object> { ["scp"] = scp });

        await WritesAsync(client, writes);
    }

    // A create and a PATCH succeed with the write scope; without it both are 403, and the
    // read scope still reads.
    private static async Task WritesAsync(HttpClient client, bool allowed)
    {
        var create = await client.PostJsonAsync(Leads, """{"name": "Jane", "channel": "web"}""");
        if (!allowed)
        {
            await create.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            (await (await client.GetAsync(Leads)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("total").GetInt64().Should().Be(0);
            return;
        }
        var lead = await create.ShouldBeAsync(HttpStatusCode.Created);
        var patched = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"status": "booked"}""")).ShouldBeAsync(HttpStatusCode.OK);
        patched.Text("status").Should().Be("booked");
    }
}
