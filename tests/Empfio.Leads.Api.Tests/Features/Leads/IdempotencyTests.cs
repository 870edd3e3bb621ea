using System.Net;
using System.Text;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Leads;

// POST /leads and POST /leads/{id}/notes with an Idempotency-Key: a retry has no second effect.
public sealed class IdempotencyTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;
    private const string Jane = """{"name": "Jane", "channel": "web"}""";

    [Fact]
    public async Task CreateLead_RepeatedWithTheSameKeyAndBody_ReplaysTheFirstResponseAndCreatesOneLead()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var key = Guid.NewGuid().ToString();

        var first = await Post(client, Leads, Jane, key);
        var repeat = await Post(client, Leads, Jane, key);

        var created = await first.ShouldBeAsync(HttpStatusCode.Created);
        var replayed = await repeat.ShouldBeAsync(HttpStatusCode.Created);
        replayed.GetRawText().Should().Be(created.GetRawText());
        repeat.Headers.Location.Should().Be(first.Headers.Location);
        repeat.Headers.ETag.Should().Be(first.Headers.ETag);
        repeat.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        (await TotalAsync(client)).Should().Be(1);
    }

    [Fact]
    public async Task CreateLead_SameKeyWithADifferentBody_Returns422AndCreatesNothingMore()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var key = Guid.NewGuid().ToString();
        await (await Post(client, Leads, Jane, key)).ShouldBeAsync(HttpStatusCode.Created);

        var response = await Post(client, Leads, """{"name": "Joe", "channel": "web"}""", key);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        (await TotalAsync(client)).Should().Be(1);
    }

    [Theory]
    [InlineData("""{"channel": "web", "name": "Jane", "metadata": {"b": 2, "a": {"y": [1, 2], "x": "é"}}}""")]
    [InlineData("{ \"name\" : \"Jane\" ,\n  \"channel\":\"web\", \"metadata\": { \"a\": {\"x\": \"\\u00e9\", \"y\": [ 1,2 ]}, \"b\": 2 } }")]
    public async Task CreateLead_SameKeyWithTheSameJsonValueWrittenDifferently_Replays(string sameValue)
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var key = Guid.NewGuid().ToString();
        var first = await Post(client, Leads, """{"name": "Jane", "channel": "web", "metadata": {"a": {"x": "é", "y": [1, 2]}, "b": 2}}""", key);

        var repeat = await Post(client, Leads, sameValue, key);

        var created = await first.ShouldBeAsync(HttpStatusCode.Created);
        (await repeat.ShouldBeAsync(HttpStatusCode.Created)).Id().Should().Be(created.Id());
        repeat.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await TotalAsync(client)).Should().Be(1);
    }

    [Fact]
    public async Task CreateLead_SameKeyWithArrayItemsInAnotherOrder_Returns422()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var key = Guid.NewGuid().ToString();
        await (await Post(client, Leads, """{"name": "Jane", "channel": "web", "preferred_services": ["a", "b"]}""", key)).ShouldBeAsync(HttpStatusCode.Created);

        var response = await Post(client, Leads, """{"name": "Jane", "channel": "web", "preferred_services": ["b", "a"]}""", key);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task CreateLead_TenRepeatsInParallel_HaveExactlyOneEffect()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Post(client, Leads, Jane, key)));

        responses.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        var ids = new HashSet<string>();
        foreach (var created in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
        {
            ids.Add((await created.JsonAsync()).Id());
        }
        ids.Should().ContainSingle();
        foreach (var inProgress in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await inProgress.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            inProgress.Headers.RetryAfter.Should().NotBeNull();
        }
        (await TotalAsync(client)).Should().Be(1);
    }

    [Fact]
    public async Task CreateLead_WhileTheFirstRequestWithTheKeyIsStillRunning_Returns409()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        // A request that claimed its key and is still running, as another replica leaves it.
        var done = Guid.NewGuid().ToString();
        await (await Post(client, Leads, Jane, done)).ShouldBeAsync(HttpStatusCode.Created);
        var running = Guid.NewGuid().ToString();
        await ClaimAsRunning(tenant, running, copyFingerprintOf: done, claimedSecondsAgo: 1);

        var response = await Post(client, Leads, Jane, running);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        response.Headers.RetryAfter.Should().NotBeNull();
        (await TotalAsync(client)).Should().Be(1);
    }

    [Fact]
    public async Task CreateLead_WhoseFirstRequestDiedLongAgo_IsTakenOverAndRuns()
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        var done = Guid.NewGuid().ToString();
        await (await Post(client, Leads, Jane, done)).ShouldBeAsync(HttpStatusCode.Created);
        var abandoned = Guid.NewGuid().ToString();
        await ClaimAsRunning(tenant, abandoned, copyFingerprintOf: done, claimedSecondsAgo: 120);

        var response = await Post(client, Leads, Jane, abandoned);

        await response.ShouldBeAsync(HttpStatusCode.Created);
        (await TotalAsync(client)).Should().Be(2);
    }

    [Fact]
    public async Task CreateLead_TheSameKeyInAnotherTenant_IsIndependent()
    {
        var key = Guid.NewGuid().ToString();
        var mine = api.ClientFor(LeadsApi.NewTenant());
        var theirs = api.ClientFor(LeadsApi.NewTenant());

        var first = await (await Post(mine, Leads, Jane, key)).ShouldBeAsync(HttpStatusCode.Created);
        var other = await Post(theirs, Leads, """{"name": "Someone else", "channel": "voice"}""", key);

        var created = await other.ShouldBeAsync(HttpStatusCode.Created);
        created.Id().Should().NotBe(first.Id());
        other.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
    }

    [Fact]
    public async Task CreateLead_ARefusedFirstAttempt_IsNotRecorded_SoTheKeyCanBeUsedAgain()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var key = Guid.NewGuid().ToString();
        await client.CreateLeadAsync("""{"name": "Jane", "channel": "web", "channel_id": "c-1"}""");

        var duplicate = await Post(client, Leads, """{"name": "Jane", "channel": "web", "channel_id": "c-1"}""", key);
        var corrected = await Post(client, Leads, """{"name": "Jane", "channel": "web", "channel_id": "c-2"}""", key);

        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await corrected.ShouldBeAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task CreateLead_WithAnIdempotencyKeyLongerThan255_Returns400NamingIt()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());

        var response = await Post(client, Leads, Jane, new string('k', 256));

        await response.ShouldBeValidationProblemAsync("Idempotency-Key");
        (await TotalAsync(client)).Should().Be(0);
    }

    [Fact]
    public async Task AddNote_RepeatedWithTheSameKey_AddsOneNote()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Post(client, $"{Leads}/{lead.Id()}/notes", """{"content": "Called back"}""", key)));
        var again = await Post(client, $"{Leads}/{lead.Id()}/notes", """{"content": "Called back"}""", key);

        // Each parallel repeat is the first (201), its replay (201) or told it is still running (409).
        responses.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict)
            .And.Contain(HttpStatusCode.Created);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains("Idempotent-Replayed")).Should().Be(1);
        (await again.ShouldBeAsync(HttpStatusCode.Created)).GetProperty("notes").GetArrayLength().Should().Be(1);
        again.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        var after = await (await client.GetAsync($"{Leads}/{lead.Id()}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetProperty("metadata").GetProperty("notes").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task AddNote_SameKeyOnAnotherLead_IsADifferentRequest_422()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var first = await client.CreateLeadAsync();
        var second = await client.CreateLeadAsync();
        var key = Guid.NewGuid().ToString();
        await (await Post(client, $"{Leads}/{first.Id()}/notes", """{"content": "x"}""", key)).ShouldBeAsync(HttpStatusCode.Created);

        var response = await Post(client, $"{Leads}/{second.Id()}/notes", """{"content": "x"}""", key);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string url, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static async Task<long> TotalAsync(HttpClient client) =>
        (await (await client.GetAsync(Leads)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("total").GetInt64();

    private async Task ClaimAsRunning(string tenant, string key, string copyFingerprintOf, int claimedSecondsAgo) =>
        await api.Database.ScalarAsync<int>(
            """
            INSERT INTO idempotency_keys (tenant_id, key, fingerprint, claimed_at)
            SELECT tenant_id, @key, fingerprint, now() - make_interval(secs => @ago)
            FROM idempotency_keys WHERE tenant_id = @tenant AND key = @done
            """,
            ("tenant", tenant), ("key", key), ("done", copyFingerprintOf), ("ago", (double)claimedSecondsAgo));
}
