using System.Net;
using System.Text;
using System.Text.Json;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Fixtures;

// What a test asserts of a response: its status, its problem details, its JSON.
public static class HttpAssertions
{
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

    // The same JSON value: members in any order, any whitespace or escaping (the order of
    // an array's items counts).
    public static void ShouldBeJson(this JsonElement actual, string expected) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(actual.GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(expected))
            .Should().BeTrue("{0} should be the same JSON as {1}", actual.GetRawText(), expected);
}
