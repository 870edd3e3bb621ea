using System.Net;
using System.Text.Json;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Fixtures;

// The lead as stored, read with a raw GET, for the generated clients' scenarios: after a
// PATCH, every field its caller did not set must be as it was.
public static class StoredLead
{
    private static readonly string[] Moving = ["version", "updated_at"];

    public static async Task<JsonElement> RawAsync(HttpClient http, Guid id) =>
        await (await http.GetAsync($"{ApiRequests.Leads}/{id}")).ShouldBeAsync(HttpStatusCode.OK);

    public static void OnlyChanged(JsonElement before, JsonElement after, params string[] changed)
    {
        foreach (var field in before.EnumerateObject().Select(p => p.Name).Except(changed).Except(Moving))
        {
            after.GetProperty(field).GetRawText().Should().Be(before.GetProperty(field).GetRawText(), "{0} was not set by the caller", field);
        }
    }
}
