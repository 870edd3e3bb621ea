using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Features.Leads;

// Random JSON and random query strings thrown at every endpoint: the answer is never a
// 5xx, and a 4xx never changes anything.
public sealed class RandomInputTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    private static readonly string[] Fields =
    [
        "name", "channel", "channel_id", "status", "phone", "email", "company", "preferred_services",
        "appointment_notes", "metadata", "notes", "content", "id", "tenant_id", "version", "created_at",
    ];

    private static readonly string[] AwkwardStrings =
    [
        "", " ", "web", "whatsapp", "booking_offered", "no_show", "lost", "Jane", "+49 30 1234567", "jane@example.com",
        "'; DROP TABLE leads; --", "%", "_", "\\", "MÜLLER", "😀", new string('x', 300), "null", "1e400",
    ];

    // Raw JSON string literals System.Text.Json would never write: NUL, lone surrogates.
    private static readonly string[] AwkwardLiterals = ["\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\""];

    private static readonly string[] AwkwardNumbers = ["0", "-1", "1.5", "1e308", "1e400", "-1e-400", "99999999999999999999999999", "1E+2"];

    private static readonly Gen<string> JsonString = Gen.Frequency(
        (4, Gen.OneOf(AwkwardStrings.Select(s => Gen.Const(JsonSerializer.Serialize(s))).ToArray())),
        (2, Gen.String.Select(s => JsonSerializer.Serialize(s))),
        (1, Gen.OneOf(AwkwardLiterals.Select(Gen.Const).ToArray())));

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, JsonString),
        (2, Gen.OneOf(AwkwardNumbers.Select(Gen.Const).ToArray())),
        (1, Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.OneOf(Gen.Const("true"), Gen.Const("false"), Gen.Const("null"))));

    private static Gen<string> JsonValue(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, JsonValue(depth - 1).Array[0, 3].Select(items => $"[{string.Join(",", items)}]")),
            (2, JsonObject(depth - 1)));

    private static Gen<string> JsonObject(int depth) =>
        Gen.Select(
            Gen.Frequency((5, Gen.OneOf(Fields.Select(Gen.Const).ToArray())), (1, Gen.String.AlphaNumeric)),
            JsonValue(depth),
            (key, value) => $"{JsonSerializer.Serialize(key)}:{value}")
        .Array[0, 6]
        .Select(members => "{" + string.Join(",", members) + "}");

    // Mostly objects with the right field names, sometimes anything, sometimes broken text.
    private static readonly Gen<string> Body = Gen.Frequency(
        (6, JsonObject(3)),
        (1, JsonValue(3)),
        (1, JsonObject(2).Select(json => json.Length > 2 ? json[..(json.Length / 2)] : "{")),
        (1, Gen.OneOf(Gen.Const(""), Gen.Const("{"), Gen.Const("nul"), Gen.Const("{\"name\":\"a\",\"name\":\"b\"}"))));

    private static readonly Gen<string> QueryValue = Gen.Frequency(
        (3, Gen.OneOf(AwkwardStrings.Concat(AwkwardNumbers).Select(Gen.Const).ToArray())),
        (1, Gen.String),
        (1, Gen.OneOf(Gen.Const("%00"), Gen.Const("%ZZ"), Gen.Const("%F0%9F"), Gen.Const("a%5Cb"))));

    private static readonly Gen<string> Query =
        Gen.Select(
            Gen.Frequency((5, Gen.OneOf(new[] { "page", "size", "status", "channel", "search" }.Select(Gen.Const).ToArray())), (1, Gen.String.AlphaNumeric)),
            QueryValue,
            (key, value) => $"{Uri.EscapeDataString(key)}={(value.StartsWith('%') ? value : Uri.EscapeDataString(value))}")
        .Array[0, 4]
        .Select(pairs => string.Join("&", pairs));

    private enum Target { Create, Update, AddNote, List, Get, Delete }

    [Fact]
    public async Task RandomRequests_NeverGetA5xx_AndA4xxNeverChangesALead()
    {
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync("""{"name": "Fuzz target", "channel": "web", "channel_id": "fuzz"}""");
        var id = lead.Id();

        // (A NUL in the path itself never reaches the service: the test host refuses to send it
        // and Kestrel answers 400; "%2500" reaches it as a literal "%00".)
        var requests = Gen.Select(Gen.Enum<Target>(), Body, Query, Gen.OneOf(Gen.Const(id), Gen.String.AlphaNumeric, Gen.Const("%2500"), Gen.Const(Guid.NewGuid().ToString())));

        await requests.SampleAsync(async (target, body, query, leadId) =>
        {
            var before = await SnapshotAsync(client, id);
            using var response = target switch
            {
                Target.Create => await client.PostAsync(Leads, Json(body)),
                Target.Update => await client.PatchAsync($"{Leads}/{id}", Json(body)),
                Target.AddNote => await client.PostAsync($"{Leads}/{id}/notes", Json(body)),
                Target.List => await client.GetAsync($"{Leads}?{query}"),
                Target.Get => await client.GetAsync($"{Leads}/{leadId}"),
                _ => await client.DeleteAsync($"{Leads}/{(leadId == id ? Guid.NewGuid().ToString() : leadId)}"),
            };
            var status = (int)response.StatusCode;
            var answer = await response.Content.ReadAsStringAsync();

            status.Should().BeLessThan(500, "{0} with body {1} and query {2} was answered {3}", target, body, query, answer);
            if (status >= 400)
            {
                response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
                (await SnapshotAsync(client, id)).Should().Be(before, "a refused {0} must change nothing (body {1})", target, body);
            }
        }, iter: 400, threads: 1);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    // The lead and how many leads the tenant has.
    private static async Task<string> SnapshotAsync(HttpClient client, string id)
    {
        var lead = await client.GetStringAsync($"{Leads}/{id}");
        var page = await client.GetStringAsync($"{Leads}?size=1");
        return lead + JsonDocument.Parse(page).RootElement.GetProperty("total").GetInt64();
    }
}
