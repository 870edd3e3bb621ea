using System.Net;
using System.Net.Http.Headers;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Leads;

// Every lead has a version, shown as its ETag; If-Match makes PATCH and DELETE conditional.
public sealed class LeadVersionTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task CreateGetAndPatch_ReturnTheVersionAsETag_AndEveryChangeIncreasesIt()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var create = await client.PostJsonAsync(Leads, """{"name": "Jane", "channel": "web"}""");
        var lead = await create.ShouldBeAsync(HttpStatusCode.Created);
        var get = await client.GetAsync($"{Leads}/{lead.Id()}");
        var patch = await client.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"status": "contacted"}""");
        await client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", """{"content": "hi"}""");
        var afterNote = await client.GetAsync($"{Leads}/{lead.Id()}");

        create.Headers.ETag!.Tag.Should().Be("\"1\"");
        lead.GetProperty("version").GetInt64().Should().Be(1);
        get.Headers.ETag!.Tag.Should().Be("\"1\"");
        patch.Headers.ETag!.Tag.Should().Be("\"2\"");
        afterNote.Headers.ETag!.Tag.Should().Be("\"3\"");
        (await afterNote.JsonAsync()).GetProperty("version").GetInt64().Should().Be(3);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("\"7\", \"1\"")]
    [InlineData("*")]
    public async Task UpdateLead_WithAMatchingIfMatch_Applies(string ifMatch)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var response = await Send(client, HttpMethod.Patch, $"{Leads}/{lead.Id()}", ifMatch, """{"status": "booked"}""");

        (await response.ShouldBeAsync(HttpStatusCode.OK)).Text("status").Should().Be("booked");
        response.Headers.ETag!.Tag.Should().Be("\"2\"");
    }

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("W/\"1\"")]
    [InlineData("\"abc\"")]
    public async Task UpdateLead_WithAStaleIfMatch_Returns412AndChangesNothing(string ifMatch)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var response = await Send(client, HttpMethod.Patch, $"{Leads}/{lead.Id()}", ifMatch, """{"status": "booked"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var after = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetRawText().Should().Be(lead.GetRawText());
    }

    [Fact]
    public async Task UpdateLead_TwoWritersWithTheSameETag_OnlyTheFirstWins()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var first = await Send(client, HttpMethod.Patch, $"{Leads}/{lead.Id()}", "\"1\"", """{"company": "First"}""");
        var second = await Send(client, HttpMethod.Patch, $"{Leads}/{lead.Id()}", "\"1\"", """{"company": "Second"}""");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        await second.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        (await (await client.GetAsync($"{Leads}/{lead.Id()}")).JsonAsync()).Text("company").Should().Be("First");
    }

    [Theory]
    [InlineData("one")]
    [InlineData("\"1")]
    [InlineData("1 2")]
    public async Task UpdateLead_WithAMalformedIfMatch_Returns400NamingIt(string ifMatch)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var response = await Send(client, HttpMethod.Patch, $"{Leads}/{lead.Id()}", ifMatch, """{"status": "booked"}""");

        await response.ShouldBeValidationProblemAsync("If-Match");
    }

    // Clients that cannot read response headers send the body's version as it is.
    [Theory]
    [InlineData("1", HttpStatusCode.OK)]
    [InlineData("\"1\"", HttpStatusCode.OK)]
    [InlineData("2, 1", HttpStatusCode.OK)]
    [InlineData("W/\"1\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("2", HttpStatusCode.PreconditionFailed)]
    public async Task UpdateAndDelete_WithTheVersionAsABareNumberOrAnETag_ApplyOnlyToThatVersion(string ifMatch, HttpStatusCode expected)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();
        var other = await client.CreateLeadAsync();

        var patched = await Send(client, HttpMethod.Patch, $"{Leads}/{lead.Id()}", ifMatch, """{"status": "booked"}""");
        var deleted = await Send(client, HttpMethod.Delete, $"{Leads}/{other.Id()}", ifMatch, null);

        patched.StatusCode.Should().Be(expected);
        deleted.StatusCode.Should().Be(expected == HttpStatusCode.OK ? HttpStatusCode.NoContent : expected);
    }

    [Fact]
    public async Task UpdateLead_WithIfMatchOnAnUnknownLead_Returns404()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var response = await Send(client, HttpMethod.Patch, $"{Leads}/{Guid.NewGuid()}", "\"1\"", """{"status": "booked"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteLead_WithAStaleIfMatch_Returns412AndLeavesTheLeadActive()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();
        await client.PatchJsonAsync($"{Leads}/{lead.Id()}", """{"status": "contacted"}""");

        var stale = await Send(client, HttpMethod.Delete, $"{Leads}/{lead.Id()}", "\"1\"");
        var current = await Send(client, HttpMethod.Delete, $"{Leads}/{lead.Id()}", "\"2\"");

        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        current.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await (await client.GetAsync($"{Leads}/{lead.Id()}")).JsonAsync()).Text("status").Should().Be("lost");
    }

    [Fact]
    public async Task TwentyNotesAndTwentyMetadataPatchesInParallel_KeepAllNotesAndAllKeys()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();

        var notes = Enumerable.Range(1, 20).Select(i =>
            client.PostJsonAsync($"{Leads}/{lead.Id()}/notes", $$"""{"content": "note {{i}}"}"""));
        var patches = Enumerable.Range(1, 20).Select(i =>
            client.PatchJsonAsync($"{Leads}/{lead.Id()}", $$$"""{"metadata": {"key{{{i}}}": {{{i}}}}}"""));
        var responses = await Task.WhenAll(notes.Concat(patches));

        responses.Should().OnlyContain(r => r.IsSuccessStatusCode);
        var after = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        var metadata = after.GetProperty("metadata");
        metadata.GetProperty("notes").GetArrayLength().Should().Be(20);
        Enumerable.Range(1, 20).Should().OnlyContain(i => metadata.GetProperty($"key{i}").GetInt32() == i);
        after.GetProperty("version").GetInt64().Should().Be(41);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, string ifMatch, string? json = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (json is not null)
        {
            request.Content = new StringContent(json);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        return client.SendAsync(request);
    }
}
