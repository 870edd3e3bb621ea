using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Leads;

// The field rules as create and PATCH apply them, checked against what the OpenAPI
// document says: lengths in characters (code points, as JSON Schema counts), the e-mail
// and phone rules, and bytes that are not UTF-8.
public sealed class FieldRulesTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;
    private const string Emoji = "\U0001F600"; // one character, two UTF-16 units

    public static TheoryData<string, int> LimitedTexts() => new()
    {
        { "name", 200 },
        { "company", 200 },
        { "channel_id", 256 },
        { "appointment_notes", 4_000 },
    };

    [Theory]
    [MemberData(nameof(LimitedTexts))]
    public async Task CreateLead_TextOfMaxLengthInAstralCharacters_IsAccepted_AndOneMoreIsRefused(string field, int max)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var name = field == "name" ? "" : "\"name\": \"Jane\", ";

        var atLimit = await client.PostJsonAsync(Leads, $$"""{{{name}}"channel": "web", "{{field}}": "{{Repeat(Emoji, max)}}"}""");
        var overLimit = await client.PostJsonAsync(Leads, $$"""{{{name}}"channel": "web", "{{field}}": "{{Repeat(Emoji, max + 1)}}"}""");

        (await atLimit.ShouldBeAsync(HttpStatusCode.Created)).Text(field).Should().Be(Repeat(Emoji, max));
        await overLimit.ShouldBeValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("name", 200)]
    [InlineData("company", 200)]
    [InlineData("appointment_notes", 4_000)]
    public async Task UpdateLead_TextOfMaxLengthInAstralCharacters_IsAccepted_AndOneMoreIsRefused(string field, int max)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var atLimit = await client.PatchJsonAsync($"{Leads}/{lead.Id()}", $$"""{"{{field}}": "{{Repeat(Emoji, max)}}"}""");
        var overLimit = await client.PatchJsonAsync($"{Leads}/{lead.Id()}", $$"""{"{{field}}": "{{Repeat(Emoji, max + 1)}}"}""");

        (await atLimit.ShouldBeAsync(HttpStatusCode.OK)).Text(field).Should().Be(Repeat(Emoji, max));
        await overLimit.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task PreferredServicesAndNotesAndSearch_CountCharactersNotUtf16Units()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var lead = await client.CreateLeadAsync($$"""{"name": "Jane", "channel": "web", "preferred_services": ["{{Repeat(Emoji, 100)}}"]}""");
        var note = await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", $$"""{"content": "{{Repeat(Emoji, 10_000)}}"}""");
        var search = await client.GetAsync($"{Leads}?search={Uri.EscapeDataString(Repeat(Emoji, 100))}");
        var longSearch = await client.GetAsync($"{Leads}?search={Uri.EscapeDataString(Repeat(Emoji, 101))}");
        var longService = await client.PostJsonAsync(Leads, $$"""{"name": "Jane", "channel": "web", "preferred_services": ["{{Repeat(Emoji, 101)}}"]}""");

        await note.ShouldBeAsync(HttpStatusCode.Created);
        await search.ShouldBeAsync(HttpStatusCode.OK);
        await longSearch.ShouldBeValidationProblemAsync("search");
        await longService.ShouldBeValidationProblemAsync("preferred_services[0]");
    }

    [Fact]
    public async Task ListLeads_SearchOfTwoAstralCharacters_FindsTheLead()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync($$"""{"name": "Jane {{Emoji}}{{Emoji}} Smith", "channel": "web"}""");
        await client.CreateLeadAsync("""{"name": "John", "channel": "web"}""");

        var page = await (await client.GetAsync($"{Leads}?search={Uri.EscapeDataString(Emoji + Emoji)}")).ShouldBeAsync(HttpStatusCode.OK);

        page.GetProperty("leads").EnumerateArray().Select(l => l.Id()).Should().Equal(lead.Id());
    }

    // The rule is the document's pattern for email: a dot-atom ASCII local part and a
    // domain name with at least one dot, what JSON Schema validators check as "email".
    [Theory]
    [InlineData("jane@example.com", true)]
    [InlineData("jane.smith+leads@mail.example.co.uk", true)]
    [InlineData("o'brien@example.ie", true)]
    [InlineData("x@a-b.example", true)]
    [InlineData("user@localhost", false)]
    [InlineData("jürgen@exämple.de", false)]
    [InlineData("user@[127.0.0.1]", false)]
    [InlineData("\"quoted\"@example.com", false)]
    [InlineData("jane..smith@example.com", false)]
    [InlineData(".jane@example.com", false)]
    [InlineData("jane@-example.com", false)]
    [InlineData("jane@example-.com", false)]
    [InlineData("jane@example..com", false)]
    [InlineData("jane@example.com\n", false)]
    [InlineData("Jane <jane@example.com>", false)]
    [InlineData("jane@exa mple.com", false)]
    [InlineData("jane", false)]
    public async Task Email_FollowsTheDocumentsRule(string email, bool valid)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var body = System.Text.Json.JsonSerializer.Serialize(new { name = "Jane", channel = "web", email });

        var created = await client.PostJsonAsync(Leads, body);
        var lead = await client.CreateLeadAsync();
        var patched = await client.PatchJsonAsync($"{Leads}/{lead.Id()}", System.Text.Json.JsonSerializer.Serialize(new { email }));

        if (valid)
        {
            (await created.ShouldBeAsync(HttpStatusCode.Created)).Text("email").Should().Be(email);
            (await patched.ShouldBeAsync(HttpStatusCode.OK)).Text("email").Should().Be(email);
        }
        else
        {
            await created.ShouldBeValidationProblemAsync("email");
            await patched.ShouldBeValidationProblemAsync("email");
        }
    }

    [Fact]
    public async Task Email_LocalPartOfMoreThan64Characters_IsRefused()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var ok = await client.PostJsonAsync(Leads, $$"""{"name": "Jane", "channel": "web", "email": "{{new string('a', 64)}}@example.com"}""");
        var tooLong = await client.PostJsonAsync(Leads, $$"""{"name": "Jane", "channel": "web", "email": "{{new string('a', 65)}}@example.com"}""");

        await ok.ShouldBeAsync(HttpStatusCode.Created);
        await tooLong.ShouldBeValidationProblemAsync("email");
    }

    [Theory]
    [InlineData("sint minim")]
    [InlineData("49123456789")]
    [InlineData("+49 123")]
    [InlineData("+49123456789012345")]
    [InlineData("+49 123 456 789 x")]
    [InlineData("+٤٩١٢٣٤٥٦٧٨٩")]
    public async Task Phone_NotAnE164Number_IsRefused(string phone)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var response = await client.PostJsonAsync(Leads, System.Text.Json.JsonSerializer.Serialize(new { name = "Jane", channel = "web", phone }));

        await response.ShouldBeValidationProblemAsync("phone");
    }

    public static TheoryData<string, string> InvalidUtf8InMetadata() => new()
    {
        { "a value", "{\"k\":\"a\xC3\x28\"}" },
        { "a key", "{\"a\xC3\x28\":1}" },
        { "an array item", "{\"k\":[\"ok\",\"a\xFF\"]}" },
        { "a nested object", "{\"k\":{\"deeper\":{\"x\":\"\xED\xA0\x80\"}}}" },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8InMetadata))]
    public async Task CreateAndUpdate_InvalidUtf8InsideMetadata_Returns400NamingMetadata(string where, string metadata)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var created = await client.PostAsync(Leads, Latin1Json($"{{\"name\":\"Jane\",\"channel\":\"web\",\"metadata\":{metadata}}}"));
        var patched = await client.PatchAsync($"{Leads}/{lead.Id()}", Latin1Json($"{{\"metadata\":{metadata}}}"));

        await created.ShouldBeValidationProblemAsync("metadata");
        await patched.ShouldBeValidationProblemAsync("metadata");
        var unchanged = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        unchanged.GetProperty("version").GetInt64().Should().Be(1, where);
    }

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    // Each char of the text is one byte (its code below 256), so "\xC3\x28" is sent as
    // those two bytes: malformed UTF-8.
    private static ByteArrayContent Latin1Json(string text)
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
