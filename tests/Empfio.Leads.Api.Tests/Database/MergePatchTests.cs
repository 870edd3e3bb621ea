using System.Text.Json;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Database;

// The jsonb_merge_patch function that PATCH uses for metadata, checked against the
// examples of RFC 7396, appendix A, in the real database.
public sealed class MergePatchTests(LeadsApi api)
{
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public async Task MergePatch_FollowsRfc7396(string target, string patch, string expected)
    {
        var result = await api.Database.ScalarAsync<string>(
            "SELECT jsonb_merge_patch(@target::jsonb, @patch::jsonb)::text", ("target", target), ("patch", patch));

        Normalize(result!).Should().Be(Normalize(expected));
    }

    // jsonb orders keys its own way: compare the parsed values, keys sorted.
    private static string Normalize(string json) => JsonSerializer.Serialize(Sort(JsonDocument.Parse(json).RootElement));

    private static object? Sort(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(p => p.Name, p => Sort(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(Sort).ToList(),
        _ => element,
    };
}
