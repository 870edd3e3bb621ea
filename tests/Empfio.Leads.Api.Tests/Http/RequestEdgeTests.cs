using System.Net;
using System.Text;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Http;

// Requests at the edges of HTTP itself: declared charsets, repeated parameters, a
// request without Host, a method a route does not have.
public sealed class RequestEdgeTests(LeadsApi api, KestrelService kestrel) : IClassFixture<KestrelService>
{
    private const string Leads = ApiRequests.Leads;

    [Theory]
    [InlineData("bogus")]
    [InlineData("utf-7")]
    [InlineData("ebcdic-cp-us")]
    [InlineData("")]
    [InlineData("utf-16")]
    [InlineData("\"iso-8859-1\"")]
    [InlineData("\"utf-8\"")]
    [InlineData("utf8")]
    public async Task WriteEndpoints_WithACharsetOtherThanUtf8_Return415Problem_AndChangeNothing(string charset)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var created = await client.PostAsync(Leads, Json("""{"name": "Jane", "channel": "web"}""", charset));
        var patched = await client.PatchAsync($"{Leads}/{lead.Id()}", Json("""{"name": "Joan"}""", charset));
        var noted = await client.PostAsync($"{Leads}/{lead.Id()}/notes", Json("""{"content": "hi"}""", charset));

        await created.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await patched.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await noted.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var page = await (await client.GetAsync(Leads)).ShouldBeAsync(HttpStatusCode.OK);
        page.GetProperty("total").GetInt64().Should().Be(1);
        (await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64().Should().Be(1);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("UTF-8")]
    public async Task CreateLead_WithCharsetUtf8_IsAccepted(string charset)
    {
        var response = await api.ClientFor(LeadsApi.NewTenant()).PostAsync(Leads, Json("""{"name": "Jane", "channel": "web"}""", charset));

        await response.ShouldBeAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("search=a&search=b", "search")]
    [InlineData("channel=web&channel=web", "channel")]
    [InlineData("size=5&size=5", "size")]
    public async Task ListLeads_WithARepeatedParameter_Returns400NamingIt(string query, string parameter)
    {
        var response = await api.ClientFor(LeadsApi.NewTenant()).GetAsync($"{Leads}?{query}");

        await response.ShouldBeValidationProblemAsync(parameter);
    }

    [Fact]
    public async Task CreateLead_OverHttp10WithoutHost_ReturnsAPathAsLocation()
    {
        var tenant = LeadsApi.NewTenant();
        const string body = """{"name": "Jane", "channel": "web"}""";

        var response = await kestrel.RawAsync(
            $"POST {Leads} HTTP/1.0\r\nAuthorization: Bearer {TestTokens.Create(tenant)}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        response.Should().StartWith("HTTP/1.1 201");
        var location = response.Split("\r\n").Single(line => line.StartsWith("Location: ", StringComparison.Ordinal))["Location: ".Length..];
        location.Should().StartWith($"{Leads}/");
        (await kestrel.ClientFor(tenant).GetAsync(location)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("PUT", Leads)]
    [InlineData("DELETE", Leads)]
    [InlineData("PUT", $"{Leads}/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", $"{Leads}/00000000-0000-0000-0000-000000000001")]
    public async Task AMethodTheRouteDoesNotHave_Returns405Problem(string method, string url)
    {
        var response = await api.ClientFor(LeadsApi.NewTenant()).SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().NotBeEmpty();
    }

    // Every way a 400 arises (the validator, binding, a repeated parameter, a header)
    // lists its field errors twice: the errors map and the typed violations.
    [Theory]
    [InlineData("POST", Leads, """{"name": " ", "channel": "fax", "email": "nope"}""")]
    [InlineData("POST", Leads, """{"name": "Jane", "channel": "web", "colour": "red"}""")]
    [InlineData("POST", Leads, """{"name": 42, "channel": "web"}""")]
    [InlineData("GET", $"{Leads}?size=0&search=a&search=b", null)]
    public async Task AValidationProblem_ListsEveryFieldErrorAlsoAsAViolation(string method, string url, string? json)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");

        var problem = await (await api.ClientFor(LeadsApi.NewTenant()).SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").EnumerateObject()
            .SelectMany(e => e.Value.EnumerateArray().Select(m => (e.Name, m.GetString()))).ToList();
        var violations = problem.GetProperty("violations").EnumerateArray()
            .Select(v => (v.GetProperty("field").GetString()!, v.GetProperty("message").GetString())).ToList();
        errors.Should().NotBeEmpty();
        violations.Should().BeEquivalentTo(errors);
    }

    private static StringContent Json(string json, string charset)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");
        return content;
    }
}
