using System.Net;
using System.Text.Json;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Leads;

public sealed class UpdateLeadTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    private const string FullLead = """
        {
          "name": "Jane Smith", "phone": "+49123456789", "email": "jane@example.com", "company": "Acme",
          "channel": "web", "channel_id": "web-1", "status": "new", "preferred_services": ["haircut"],
          "appointment_notes": "Mornings", "metadata": {"tags": ["vip"], "source": {"campaign": "spring", "medium": "ad"}}
        }
        """;

    [Fact]
    public async Task UpdateLead_ChangesOnlyTheFieldsPresent_AndReturnsTheFullLead()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync(FullLead);

        var response = await client.PatchJsonAsync($"{Leads}/{lead.Id()}",
            """{"status": "contacted", "name": "Jane Smith-Updated", "appointment_notes": "Interested in premium package"}""");

        var updated = await response.ShouldBeAsync(HttpStatusCode.OK);
        updated.Text("status").Should().Be("contacted");
        updated.Text("name").Should().Be("Jane Smith-Updated");
        updated.Text("appointment_notes").Should().Be("Interested in premium package");
        foreach (var unchanged in new[] { "id", "phone", "email", "company", "channel", "channel_id", "preferred_services", "metadata", "created_at" })
        {
            updated.GetProperty(unchanged).GetRawText().Should().Be(lead.GetProperty(unchanged).GetRawText(), unchanged);
        }
        var fetched = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        fetched.GetRawText().Should().Be(updated.GetRawText());
    }

    [Fact]
    public async Task UpdateLead_ChangesUpdatedAtOnEveryUpdate()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var first = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"company": "A"}""")).ShouldBeAsync(HttpStatusCode.OK);
        var second = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"company": "B"}""")).ShouldBeAsync(HttpStatusCode.OK);

        first.GetProperty("updated_at").GetDateTime().Should().BeAfter(lead.GetProperty("updated_at").GetDateTime());
        second.GetProperty("updated_at").GetDateTime().Should().BeAfter(first.GetProperty("updated_at").GetDateTime());
        second.Text("created_at").Should().Be(lead.Text("created_at"));
    }

    // Clients that send every property, unset ones as null (stock NSwag), change only
    // what their caller set.
    [Theory]
    [InlineData("name")]
    [InlineData("phone")]
    [InlineData("email")]
    [InlineData("company")]
    [InlineData("status")]
    [InlineData("preferred_services")]
    [InlineData("appointment_notes")]
    [InlineData("metadata")]
    public async Task UpdateLead_WithNull_LeavesTheFieldUnchanged(string field)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync(FullLead);

        var updated = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", $$"""{"{{field}}": null}""")).ShouldBeAsync(HttpStatusCode.OK);

        updated.GetProperty(field).GetRawText().Should().Be(lead.GetProperty(field).GetRawText());
        updated.GetProperty("version").GetInt64().Should().Be(lead.GetProperty("version").GetInt64() + 1);
    }

    [Fact]
    public async Task UpdateLead_WithEveryPropertyNullButOne_ChangesOnlyThatOne()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync(FullLead);

        var updated = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", """
            {"name": null, "phone": null, "email": null, "company": null, "status": "booked",
             "preferred_services": null, "appointment_notes": null, "metadata": null}
            """)).ShouldBeAsync(HttpStatusCode.OK);

        updated.Text("status").Should().Be("booked");
        foreach (var field in new[] { "name", "phone", "email", "company", "channel", "channel_id", "preferred_services", "appointment_notes", "metadata", "created_at" })
        {
            updated.GetProperty(field).GetRawText().Should().Be(lead.GetProperty(field).GetRawText(), field);
        }
    }

    [Fact]
    public async Task UpdateLead_WithAnEmptyList_ClearsPreferredServices()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync(FullLead);
        lead.GetProperty("preferred_services").GetArrayLength().Should().BePositive();

        var updated = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"preferred_services": []}""")).ShouldBeAsync(HttpStatusCode.OK);

        updated.GetProperty("preferred_services").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("email")]
    [InlineData("company")]
    [InlineData("appointment_notes")]
    public async Task UpdateLead_WithAnEmptyString_ClearsAnOptionalField(string field)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync(FullLead);

        var updated = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", $$"""{"{{field}}": ""}""")).ShouldBeAsync(HttpStatusCode.OK);

        updated.GetProperty(field).ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("new")]
    [InlineData("contacted")]
    [InlineData("booking_offered")]
    [InlineData("booked")]
    [InlineData("confirmed")]
    [InlineData("completed")]
    [InlineData("no_show")]
    [InlineData("cancelled")]
    [InlineData("lost")]
    public async Task UpdateLead_CanSetEveryStatus_FromAnyStatus(string status)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync("""{"name": "Jane", "channel": "web", "status": "completed"}""");

        var updated = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", $$"""{"status": "{{status}}"}""")).ShouldBeAsync(HttpStatusCode.OK);

        updated.Text("status").Should().Be(status);
    }

    [Fact]
    public async Task UpdateLead_NormalisesThePhoneAndReplacesPreferredServices()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync(FullLead);

        var updated = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}",
            """{"phone": "+44 (20) 7946-0958", "preferred_services": ["colour", "styling"]}""")).ShouldBeAsync(HttpStatusCode.OK);

        updated.Text("phone").Should().Be("+442079460958");
        updated.GetProperty("preferred_services").EnumerateArray().Select(s => s.GetString()).Should().Equal("colour", "styling");
    }

    [Fact]
    public async Task UpdateLead_MergesMetadataAsAJsonMergePatch()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync(FullLead);

        var updated = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}",
            """{"metadata": {"tags": ["vip", "returning"], "source": {"medium": null, "term": "salon"}, "score": 7}}"""))
            .ShouldBeAsync(HttpStatusCode.OK);

        JsonSerializer.Serialize(updated.GetProperty("metadata")).Should().Be(JsonSerializer.Serialize(JsonDocument.Parse(
            """{"tags": ["vip", "returning"], "score": 7, "source": {"term": "salon", "campaign": "spring"}}""").RootElement));
    }

    [Fact]
    public async Task UpdateLead_SettingOneMetadataKey_KeepsEveryOtherKeyAndTheNotes()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync(FullLead);
        await (await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "Keep me"}""")).ShouldBeAsync(HttpStatusCode.Created);

        var updated = await (await client.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"metadata": {"tags": ["vip"], "source": null}}"""))
            .ShouldBeAsync(HttpStatusCode.OK);

        var metadata = updated.GetProperty("metadata");
        metadata.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("tags", "notes");
        metadata.GetProperty("notes")[0].Text("content").Should().Be("Keep me");
    }

    [Theory]
    [InlineData("""{"metadata": {"notes": []}}""")]
    [InlineData("""{"metadata": {"notes": null}}""")]
    [InlineData("""{"metadata": {"notes": [{"content": "forged", "author": "x", "created_at": "2020-01-01T00:00:00Z"}]}}""")]
    public async Task UpdateLead_CannotRemoveOrRewriteNotes(string body)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();
        await (await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "Keep me"}""")).ShouldBeAsync(HttpStatusCode.Created);
        var before = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);

        var response = await client.PatchJsonAsync($"{Leads}/{lead.Id()}", body);

        await response.ShouldBeValidationProblemAsync("metadata");
        var after = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetRawText().Should().Be(before.GetRawText());
    }

    [Theory]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"name": "  "}""", "name")]
    [InlineData("""{"status": "won"}""", "status")]
    [InlineData("""{"phone": "12345"}""", "phone")]
    [InlineData("""{"email": "nope"}""", "email")]
    [InlineData("""{"metadata": "text"}""", "metadata")]
    [InlineData("""{"channel": "voice"}""", "channel")]
    [InlineData("""{"id": "00000000-0000-0000-0000-000000000000"}""", "id")]
    [InlineData("""{"created_at": "2020-01-01T00:00:00Z"}""", "created_at")]
    [InlineData("""{"company": "Valid", "email": "invalid"}""", "email")]
    public async Task UpdateLead_WithInvalidField_Returns400NamingItAndChangesNothing(string body, string field)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync(FullLead);

        var response = await client.PatchJsonAsync($"{Leads}/{lead.Id()}", body);

        await response.ShouldBeValidationProblemAsync(field);
        var after = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetRawText().Should().Be(lead.GetRawText());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"status\"")]
    public async Task UpdateLead_WithMalformedBody_Returns400(string body)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var response = await client.PatchJsonAsync($"{Leads}/{lead.Id()}", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UpdateLead_UnknownId_Returns404()
    {
        var response = await api.ClientFor(LeadsApi.NewTenant()).PatchJsonAsync($"{Leads}/{Guid.NewGuid()}", """{"status": "booked"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UpdateLead_OfAnotherTenant_Returns404AndChangesNothing()
    {
        var owner = api.ClientFor(LeadsApi.NewTenant());
        var lead = await owner.CreateLeadAsync();

        var response = await api.ClientFor(LeadsApi.NewTenant()).PatchJsonAsync($"{Leads}/{lead.Id()}", """{"status": "booked"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var unchanged = await (await owner.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        unchanged.GetRawText().Should().Be(lead.GetRawText());
    }
}
