using System.Net;
using System.Text;
using System.Text.Json;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Fixtures;

// What a test sends and reads through its client: JSON bodies, a lead, its fields.
public static class ApiRequests
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

    public static async Task<JsonElement> CreateLeadAsync(this HttpClient client, string json = """{"name": "Jane Smith", "channel": "web"}""")
    {
        var response = await client.PostJsonAsync(Leads, json);
        return await response.ShouldBeAsync(HttpStatusCode.Created);
    }

    public static string Id(this JsonElement lead) => lead.GetProperty("id").GetString()!;

    public static string? Text(this JsonElement json, string property) => json.GetProperty(property).GetString();
}
