using System.Net;
using System.Text;
using System.Text.Json;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Fixtures;

public static class HttpAssertions
{
    public const string Leads = "/api/v1/leads";

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, string json) =>
        client.PatchAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> ShouldBeAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the body was: {0}", body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await response.ShouldBeAsync(status);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        return problem;
    }

    // A 400 problem whose errors name the offending field.
    public static async Task<JsonElement> ShouldBeValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(field);
        return problem;
    }

    public static async Task<JsonElement> CreateLeadAsync(this HttpClient client, string json = """{"name": "Jane Smith", "channel": "web"}""")
    {
        var response = await client.PostJsonAsync(Leads, json);
        return await response.ShouldBeAsync(HttpStatusCode.Created);
    }

    // The same JSON value: members in any order, any whitespace or escaping (the order of
    // an array's items counts).
    public static void ShouldBeJson(this JsonElement actual, string expected) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(actual.GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(expected))
            .Should().BeTrue("{0} should be the same JSON as {1}", actual.GetRawText(), expected);

    public static string Id(this JsonElement lead) => lead.GetProperty("id").GetString()!;

    public static string? Text(this JsonElement json, string property) => json.GetProperty(property).GetString();
}
