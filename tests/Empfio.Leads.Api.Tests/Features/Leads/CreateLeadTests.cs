using System.Net;
using System.Text;
using System.Text.Json;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Leads;

public sealed class CreateLeadTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task CreateLead_WithNameAndChannel_Returns201WithLocationAndFullLeadWithDefaults()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var response = await client.PostJsonAsync(Leads, """{"name": "Jane Smith", "channel": "web"}""");

        var lead = await response.ShouldBeAsync(HttpStatusCode.Created);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        Guid.TryParse(lead.Id(), out _).Should().BeTrue();
        response.Headers.Location!.AbsolutePath.Should().Be($"{Leads}/{lead.Id()}");
        lead.Text("name").Should().Be("Jane Smith");
        lead.Text("channel").Should().Be("web");
        lead.Text("status").Should().Be("new");
        foreach (var absent in new[] { "phone", "email", "company", "channel_id", "appointment_notes" })
        {
            lead.GetProperty(absent).ValueKind.Should().Be(JsonValueKind.Null, absent);
        }
        lead.GetProperty("preferred_services").GetArrayLength().Should().Be(0);
        lead.GetProperty("metadata").ValueKind.Should().Be(JsonValueKind.Object);
        lead.GetProperty("metadata").EnumerateObject().Should().BeEmpty();
        lead.Text("created_at").Should().EndWith("Z");
        lead.Text("updated_at").Should().Be(lead.Text("created_at"));
        lead.GetProperty("created_at").GetDateTime().Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task CreateLead_WithEveryField_StoresThemAndLocationServesTheSameLead()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var response = await client.PostJsonAsync(Leads, """
            {
              "name": "Jane Smith", "phone": "+49123456789", "email": "jane@example.com",
              "company": "Acme GmbH", "channel": "whatsapp", "channel_id": "wa-4711",
              "status": "contacted", "preferred_services": ["haircut", "colour"],
              "appointment_notes": "Prefers mornings", "metadata": {"tags": ["vip"], "source": {"campaign": "spring"}}
            }
            """);

        var created = await response.ShouldBeAsync(HttpStatusCode.Created);
        var fetched = await (await client.GetAsync(response.Headers.Location)).ShouldBeAsync(HttpStatusCode.OK);
        fetched.GetRawText().Should().Be(created.GetRawText());
        created.Text("email").Should().Be("jane@example.com");
        created.Text("company").Should().Be("Acme GmbH");
        created.Text("channel_id").Should().Be("wa-4711");
        created.Text("status").Should().Be("contacted");
        created.GetProperty("preferred_services").EnumerateArray().Select(s => s.GetString()).Should().Equal("haircut", "colour");
        created.Text("appointment_notes").Should().Be("Prefers mornings");
        created.GetProperty("metadata").GetProperty("source").GetProperty("campaign").GetString().Should().Be("spring");
    }

    [Fact]
    public async Task CreateLead_TrimsTheName()
    {
        var lead = await api.ClientFor(LeadsApi.NewTenant()).CreateLeadAsync("""{"name": "  Jane  ", "channel": "voice"}""");

        lead.Text("name").Should().Be("Jane");
    }

    [Theory]
    [InlineData("+49 123 456 789", "+49123456789")]
    [InlineData("+49 (30) 123-456.78", "+493012345678")]
    [InlineData("+1 (555) 010-9999", "+15550109999")]
    public async Task CreateLead_StoresThePhoneNormalised(string phone, string stored)
    {
        var lead = await api.ClientFor(LeadsApi.NewTenant())
            .CreateLeadAsync($$"""{"name": "Jane", "channel": "voice", "phone": "{{phone}}"}""");

        lead.Text("phone").Should().Be(stored);
    }

    [Fact]
    public async Task CreateLead_WithEmptyOptionalTexts_StoresThemAsNull()
    {
        var lead = await api.ClientFor(LeadsApi.NewTenant()).CreateLeadAsync(
            """{"name": "Jane", "channel": "web", "phone": "", "email": " ", "company": "", "channel_id": "", "appointment_notes": ""}""");

        foreach (var field in new[] { "phone", "email", "company", "channel_id", "appointment_notes" })
        {
            lead.GetProperty(field).ValueKind.Should().Be(JsonValueKind.Null, field);
        }
    }

    [Theory]
    [InlineData("""{"channel": "web"}""", "name")]
    [InlineData("""{"name": null, "channel": "web"}""", "name")]
    [InlineData("""{"name": "   ", "channel": "web"}""", "name")]
    [InlineData("""{"name": "Jane"}""", "channel")]
    [InlineData("""{"name": "Jane", "channel": "fax"}""", "channel")]
    [InlineData("""{"name": "Jane", "channel": "WEB"}""", "channel")]
    [InlineData("""{"name": "Jane", "channel": "web", "status": "won"}""", "status")]
    [InlineData("""{"name": "Jane", "channel": "web", "email": "not-an-address"}""", "email")]
    [InlineData("""{"name": "Jane", "channel": "web", "email": "Jane <jane@example.com>"}""", "email")]
    [InlineData("""{"name": "Jane", "channel": "web", "email": "jane @example.com"}""", "email")]
    [InlineData("""{"name": "Jane", "channel": "web", "phone": "0123456789"}""", "phone")]
    [InlineData("""{"name": "Jane", "channel": "web", "phone": "+49 123"}""", "phone")]
    [InlineData("""{"name": "Jane", "channel": "web", "phone": "+1234567890123456"}""", "phone")]
    [InlineData("""{"name": "Jane", "channel": "web", "phone": "+49 12a 456 789"}""", "phone")]
    [InlineData("""{"name": "Jane", "channel": "web", "preferred_services": ["ok", null]}""", "preferred_services[1]")]
    [InlineData("""{"name": "Jane", "channel": "web", "metadata": [1, 2]}""", "metadata")]
    [InlineData("""{"name": "Jane", "channel": "web", "metadata": {"notes": []}}""", "metadata")]
    [InlineData("""{"name": "Jane", "channel": "web", "name\u0000": "x"}""", "name\u0000")]
    [InlineData("""{"name": "Ja\u0000ne", "channel": "web"}""", "name")]
    [InlineData("""{"name": "Jane", "channel": "web", "company": "Acme\u0000"}""", "company")]
    [InlineData("""{"name": "Jane", "channel": "web", "metadata": {"a": "b\u0000"}}""", "metadata")]
    [InlineData("""{"name": "Jane", "channel": "web", "metadata": {"a\u0000": 1}}""", "metadata")]
    [InlineData("""{"name": "Ja\ud800ne", "channel": "web"}""", "name")]
    [InlineData("""{"name": "Jane", "channel": "web", "metadata": {"a": "\udc00"}}""", "metadata")]
    [InlineData("""{"name": "Jane", "channel": "web", "metadata": {"a": 1e1000000}}""", "metadata")]
    [InlineData("""{"name": "Jane", "channel": "web", "metadata": {"a": 1e-20000}}""", "metadata")]
    [InlineData("""{"name": "Jane", "channel": "web", "metadata": {"a": [[[[[[[[[[[1]]]]]]]]]]]}}""", "metadata")]
    public async Task CreateLead_WithInvalidField_Returns400NamingTheField(string body, string field)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var response = await client.PostJsonAsync(Leads, body);

        await response.ShouldBeValidationProblemAsync(field);
        await ShouldHaveNoLeads(client);
    }

    [Theory]
    [InlineData("email", 255)]
    [InlineData("phone", 33)]
    [InlineData("name", 201)]
    [InlineData("company", 201)]
    [InlineData("channel_id", 257)]
    [InlineData("appointment_notes", 4_001)]
    public async Task CreateLead_WithTextOverItsLimit_Returns400NamingTheField(string field, int length)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var value = field switch
        {
            "email" => new string('a', length - "@example.com".Length) + "@example.com",
            "phone" => "+49" + new string(' ', length - 12) + "123456789",
            _ => new string('x', length),
        };
        var body = new Dictionary<string, object> { ["name"] = "Jane", ["channel"] = "web", [field] = value };

        var response = await client.PostJsonAsync(Leads, JsonSerializer.Serialize(body));

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task CreateLead_WithMetadataOver64KiB_Returns400NamingMetadata()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var body = JsonSerializer.Serialize(new { name = "Jane", channel = "web", metadata = new { blob = new string('x', 64 * 1024) } });

        var response = await client.PostJsonAsync(Leads, body);

        await response.ShouldBeValidationProblemAsync("metadata");
    }

    [Fact]
    public async Task CreateLead_WithTooManyOrTooLongPreferredServices_Returns400NamingThem()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var tooMany = await client.PostJsonAsync(Leads, JsonSerializer.Serialize(
            new { name = "Jane", channel = "web", preferred_services = Enumerable.Range(0, 51).Select(i => $"s{i}") }));
        var tooLong = await client.PostJsonAsync(Leads, JsonSerializer.Serialize(
            new { name = "Jane", channel = "web", preferred_services = new[] { "ok", new string('x', 101) } }));

        await tooMany.ShouldBeValidationProblemAsync("preferred_services");
        await tooLong.ShouldBeValidationProblemAsync("preferred_services[1]");
    }

    [Theory]
    [InlineData("nmae")]
    [InlineData("id")]
    [InlineData("tenant_id")]
    [InlineData("created_at")]
    [InlineData("Name")]
    public async Task CreateLead_WithUnknownOrReadOnlyProperty_Returns400NamingIt(string property)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var response = await client.PostJsonAsync(Leads, $$"""{"name": "Jane", "channel": "web", "{{property}}": "x"}""");

        await response.ShouldBeValidationProblemAsync(property);
        await ShouldHaveNoLeads(client);
    }

    [Theory]
    [InlineData("{\"name\": \"Jane\", ")]
    [InlineData("[]")]
    [InlineData("[{\"name\": \"Jane\", \"channel\": \"web\"}]")]
    [InlineData("null")]
    [InlineData("\"Jane\"")]
    [InlineData("42")]
    [InlineData("")]
    [InlineData("{\"name\": \"Jane\", \"channel\": \"web\", \"name\": \"Joe\"}")]
    [InlineData("{\"name\": 12, \"channel\": \"web\"}")]
    [InlineData("{\"name\": \"Jane\", \"channel\": \"web\", \"preferred_services\": \"haircut\"}")]
    [InlineData("{\"name\": \"Jane\", \"channel\": \"web\", \"metadata\": 99999999999999999999999999999999999999999999}")]
    public async Task CreateLead_WithMalformedBody_Returns400ProblemAndCreatesNothing(string body)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var response = await client.PostJsonAsync(Leads, body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await ShouldHaveNoLeads(client);
    }

    [Fact]
    public async Task CreateLead_WithDeeplyNestedJson_Returns400NotAServerError()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var deep = new string('[', 5_000) + new string(']', 5_000);

        var response = await client.PostJsonAsync(Leads, $$$"""{"name": "Jane", "channel": "web", "metadata": {"a": {{{deep}}}}}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task CreateLead_WithBodyThatIsNotJson_Returns415(string contentType)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var response = await client.PostAsync(Leads, new StringContent("name=Jane&channel=web", Encoding.UTF8, contentType));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await ShouldHaveNoLeads(client);
    }

    [Fact]
    public async Task CreateLead_WithSqlInValues_StoresThemLiterally()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        const string name = "Robert'); DROP TABLE leads; --";

        var lead = await client.CreateLeadAsync(JsonSerializer.Serialize(new { name, channel = "web", company = "' OR 1=1 --" }));

        lead.Text("name").Should().Be(name);
        (await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK)).Text("company").Should().Be("' OR 1=1 --");
    }

    [Fact]
    public async Task CreateLead_AcceptsUnicodeAndEmoji()
    {
        var lead = await api.ClientFor(LeadsApi.NewTenant())
            .CreateLeadAsync("""{"name": "Zoë Müller 😀", "channel": "telegram", "metadata": {"emoji": "🎉", "große": 1.5}}""");

        lead.Text("name").Should().Be("Zoë Müller 😀");
        lead.GetProperty("metadata").GetProperty("große").GetDouble().Should().Be(1.5);
    }

    private static async Task ShouldHaveNoLeads(HttpClient client)
    {
        var page = await (await client.GetAsync(Leads)).ShouldBeAsync(HttpStatusCode.OK);
        page.GetProperty("total").GetInt64().Should().Be(0, "a rejected request must change nothing");
    }
}
