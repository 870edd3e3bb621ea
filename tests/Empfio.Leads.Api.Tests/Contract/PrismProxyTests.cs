using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Contract;

// A contract test with a tool nobody here wrote: Prism, as a validating proxy in front of
// the running service, watches a scripted pass over every operation's success and error
// paths. No response may differ from the document, and no request the script means as
// valid may either (a request meant as invalid may, on its request side only).
[Trait(Tier.Name, Tier.Full)]
public sealed class PrismProxyTests(KestrelService kestrel) : IClassFixture<KestrelService>
{
    private const string Leads = ApiRequests.Leads;

    private readonly List<string> violations = [];

    [Fact]
    public async Task EveryOperationsSuccessAndErrorPaths_ThroughPrism_MatchTheDocument()
    {
        await using var prism = await PrismProxy.StartAsync(kestrel.BaseAddress);
        var tenant = LeadsApi.NewTenant();
        var writer = Client(prism, TestTokens.Create(tenant));
        var reader = Client(prism, TestTokens.Create(tenant, scope: "leads:read"));
        var noTenant = Client(prism, TestTokens.Create(tenant: null));
        var anonymous = Client(prism, token: null);

        // createLead
        var lead = await Json(await Step(writer, "create", valid: true, HttpMethod.Post, Leads, HttpStatusCode.Created,
            """{"name": "Jane Müller", "channel": "whatsapp", "channel_id": "wa-1", "phone": "+49 30 1234567", "email": "jane@example.com", "company": "Acme", "status": "booking_offered", "preferred_services": ["cut"], "appointment_notes": "mornings", "metadata": {"source": {"campaign": "spring"}}}"""));
        var id = lead.Id();
        await Step(writer, "create, minimal", valid: true, HttpMethod.Post, Leads, HttpStatusCode.Created, """{"name": "Joe", "channel": "voice"}""");
        await Step(writer, "create, optional properties null", valid: true, HttpMethod.Post, Leads, HttpStatusCode.Created,
            """{"name": "Nul", "channel": "web", "phone": null, "email": null, "company": null, "channel_id": null, "status": null, "preferred_services": null, "appointment_notes": null, "metadata": null}""");
        var key = Guid.NewGuid().ToString();
        await Step(writer, "create with a key", valid: true, HttpMethod.Post, Leads, HttpStatusCode.Created, """{"name": "Kay", "channel": "web"}""", idempotencyKey: key);
        await Step(writer, "create, replayed", valid: true, HttpMethod.Post, Leads, HttpStatusCode.Created, """{"name": "Kay", "channel": "web"}""", idempotencyKey: key);
        await Step(writer, "create, key reused", valid: true, HttpMethod.Post, Leads, HttpStatusCode.UnprocessableEntity, """{"name": "Other", "channel": "web"}""", idempotencyKey: key);
        await Step(writer, "create, duplicate conversation", valid: true, HttpMethod.Post, Leads, HttpStatusCode.Conflict, """{"name": "Jane", "channel": "whatsapp", "channel_id": "wa-1"}""");
        await Step(writer, "create, blank name", valid: false, HttpMethod.Post, Leads, HttpStatusCode.BadRequest, """{"name": "  ", "channel": "web"}""");
        await Step(writer, "create, bad email", valid: false, HttpMethod.Post, Leads, HttpStatusCode.BadRequest, """{"name": "Jane", "channel": "web", "email": "user@localhost"}""");
        await Step(writer, "create, bad phone", valid: false, HttpMethod.Post, Leads, HttpStatusCode.BadRequest, """{"name": "Jane", "channel": "web", "phone": "sint minim"}""");
        await Step(writer, "create, unknown field", valid: false, HttpMethod.Post, Leads, HttpStatusCode.BadRequest, """{"name": "Jane", "channel": "web", "colour": "red"}""");
        await Step(writer, "create, not JSON", valid: false, HttpMethod.Post, Leads, HttpStatusCode.UnsupportedMediaType, "name=Jane", contentType: "text/plain");
        await Step(writer, "create, too large", valid: false, HttpMethod.Post, Leads, HttpStatusCode.RequestEntityTooLarge,
            $$"""{"name": "Jane", "channel": "web", "appointment_notes": "{{new string('x', 1_100_000)}}"}""");
        await Step(reader, "create without leads:write", valid: true, HttpMethod.Post, Leads, HttpStatusCode.Forbidden, """{"name": "Jane", "channel": "web"}""");
        await Step(anonymous, "create without a token", valid: false, HttpMethod.Post, Leads, HttpStatusCode.Unauthorized, """{"name": "Jane", "channel": "web"}""");

        // getLead
        await Step(reader, "get", valid: true, HttpMethod.Get, $"{Leads}/{id}", HttpStatusCode.OK);
        await Step(reader, "get, unknown", valid: true, HttpMethod.Get, $"{Leads}/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        await Step(noTenant, "get without a tenant", valid: true, HttpMethod.Get, $"{Leads}/{id}", HttpStatusCode.Forbidden);

        // listLeads
        await Step(reader, "list", valid: true, HttpMethod.Get, $"{Leads}?page=1&size=2", HttpStatusCode.OK);
        await Step(reader, "list, filtered and searched", valid: true, HttpMethod.Get, $"{Leads}?status=booking_offered&channel=whatsapp&search=m%C3%BCller", HttpStatusCode.OK);
        await Step(reader, "list, page past the end", valid: true, HttpMethod.Get, $"{Leads}?page=99", HttpStatusCode.OK);
        await Step(reader, "list, bad size", valid: false, HttpMethod.Get, $"{Leads}?size=1000", HttpStatusCode.BadRequest);
        await Step(reader, "list, bad status", valid: false, HttpMethod.Get, $"{Leads}?status=won", HttpStatusCode.BadRequest);
        await Step(anonymous, "list without a token", valid: false, HttpMethod.Get, Leads, HttpStatusCode.Unauthorized);

        // updateLead
        var updated = await Json(await Step(writer, "patch", valid: true, HttpMethod.Patch, $"{Leads}/{id}", HttpStatusCode.OK,
            """{"status": "no_show", "company": "", "metadata": {"source": null, "tag": "vip"}}"""));
        var version = updated.GetProperty("version").GetInt64();
        await Step(writer, "patch at the version", valid: true, HttpMethod.Patch, $"{Leads}/{id}", HttpStatusCode.OK, """{"name": "Jane M."}""", ifMatch: $"\"{version}\"");
        await Step(writer, "patch at a stale version", valid: true, HttpMethod.Patch, $"{Leads}/{id}", HttpStatusCode.PreconditionFailed, """{"name": "Jane X."}""", ifMatch: $"\"{version}\"");
        await Step(writer, "patch, unknown", valid: true, HttpMethod.Patch, $"{Leads}/{Guid.NewGuid()}", HttpStatusCode.NotFound, """{"name": "Jane"}""");
        await Step(writer, "patch, every property null (nothing changes)", valid: true, HttpMethod.Patch, $"{Leads}/{id}", HttpStatusCode.OK,
            """{"name": null, "phone": null, "email": null, "company": null, "status": null, "preferred_services": null, "appointment_notes": null, "metadata": null}""");
        await Step(writer, "patch, unknown status", valid: false, HttpMethod.Patch, $"{Leads}/{id}", HttpStatusCode.BadRequest, """{"status": "won"}""");
        await Step(writer, "patch, name too long", valid: false, HttpMethod.Patch, $"{Leads}/{id}", HttpStatusCode.BadRequest, $$"""{"name": "{{new string('n', 201)}}"}""");

        // addLeadNote
        await Step(writer, "note", valid: true, HttpMethod.Post, $"{Leads}/{id}/notes", HttpStatusCode.Created, """{"content": "Called back"}""");
        await Step(writer, "note with a key", valid: true, HttpMethod.Post, $"{Leads}/{id}/notes", HttpStatusCode.Created, """{"content": "Once"}""", idempotencyKey: Guid.NewGuid().ToString());
        await Step(writer, "note, blank", valid: false, HttpMethod.Post, $"{Leads}/{id}/notes", HttpStatusCode.BadRequest, """{"content": " "}""");
        await Step(writer, "note, unknown lead", valid: true, HttpMethod.Post, $"{Leads}/{Guid.NewGuid()}/notes", HttpStatusCode.NotFound, """{"content": "x"}""");

        // deleteLead, and a reopen that would give the conversation a second active lead
        var current = await Json(await Step(reader, "get again", valid: true, HttpMethod.Get, $"{Leads}/{id}", HttpStatusCode.OK));
        await Step(writer, "delete at a stale version", valid: true, HttpMethod.Delete, $"{Leads}/{id}", HttpStatusCode.PreconditionFailed, ifMatch: "\"1\"");
        await Step(writer, "delete at the version", valid: true, HttpMethod.Delete, $"{Leads}/{id}", HttpStatusCode.NoContent,
            ifMatch: $"\"{current.GetProperty("version").GetInt64()}\"");
        await Step(writer, "delete again", valid: true, HttpMethod.Delete, $"{Leads}/{id}", HttpStatusCode.NoContent);
        await Step(writer, "delete, unknown", valid: true, HttpMethod.Delete, $"{Leads}/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        await Step(writer, "create in the freed conversation", valid: true, HttpMethod.Post, Leads, HttpStatusCode.Created, """{"name": "Jane again", "channel": "whatsapp", "channel_id": "wa-1"}""");
        await Step(writer, "reopen into a conflict", valid: true, HttpMethod.Patch, $"{Leads}/{id}", HttpStatusCode.Conflict, """{"status": "new"}""");

        violations.Should().BeEmpty("Prism found differences from the document. Its log:\n{0}", prism.Log);
    }

    private async Task<HttpResponseMessage> Step(
        HttpClient client, string name, bool valid, HttpMethod method, string url, HttpStatusCode expected,
        string? json = null, string? idempotencyKey = null, string? ifMatch = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(expected, "step '{0}' answered {1}", name, await response.Content.ReadAsStringAsync());
        if (response.Headers.TryGetValues(PrismProxy.ViolationsHeader, out var headers))
        {
            foreach (var violation in JsonDocument.Parse(headers.Single()).RootElement.EnumerateArray())
            {
                var side = violation.GetProperty("location")[0].GetString();
                if (valid || side != "request")
                {
                    violations.Add($"{name}: {violation}");
                }
            }
        }
        return response;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static HttpClient Client(PrismProxy prism, string? token)
    {
        var client = new HttpClient { BaseAddress = prism.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
