using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;
using NJsonSchema;
using NSwag;

namespace Empfio.Leads.Api.Tests.Contract;

// Requests generated from the committed document's own request schemas: for each property
// of createLead, updateLead and addLeadNote (and each query parameter of listLeads),
// values the schema allows and values just outside it (lengths at the limit in astral
// characters and one over, patterns, enums, types, null), invalid UTF-8 at string
// positions (metadata included), and Content-Type charsets. The document is the oracle: a
// request it allows must succeed, one it refuses must be 400, another charset 415, and
// no answer is a 5xx or changes anything when it is a 4xx.
[Trait(Tier.Name, Tier.Full)]
public sealed class DocumentDrivenInputTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;
    private const string Emoji = "\U0001F600";
    // Stands for a string whose UTF-8 is broken; replaced in the bytes after serializing.
    private const string BadUtf8 = "<<bad-utf8>>";

    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Texts =
    [
        "Jane", "  Jane  ", "", " ", "\t", "\u00A0", "a\u0000b", "Müller", Emoji, "x\ny",
        "jane@example.com", "jane.smith+x@mail.example.co.uk", "user@localhost", "jürgen@exämple.de", "a@b",
        "+49 30 1234567", "+49 (30) 123-456.78", "+4930", "sint minim", "49123456789",
    ];

    private static readonly string[] Charsets = ["", "; charset=utf-8", "; charset=UTF-8", "; charset=bogus", "; charset=utf-16", "; charset="];

    private static readonly JsonNode?[] Metadata =
    [
        new JsonObject(), new JsonObject { ["source"] = "web" }, new JsonObject { ["nested"] = new JsonObject { ["a"] = new JsonArray(1, "two", null) } },
        new JsonObject { ["k"] = BadUtf8 }, new JsonObject { [BadUtf8] = 1 }, new JsonObject { ["list"] = new JsonArray("ok", BadUtf8) },
        new JsonObject { ["gone"] = null }, null, new JsonArray(), "text",
    ];

    private enum Target { Create, Update, AddNote }

    [Fact]
    public async Task RequestsFromTheRequestSchemas_AreAnsweredAsTheDocumentSays()
    {
        var document = await CommittedDocument.LoadAsync();
        var client = api.ClientFor(LeadsApi.NewTenant());
        var lead = await client.CreateLeadAsync("""{"name": "Target", "channel": "web"}""");

        var cases = Gen.Select(Gen.Enum<Target>(), Gen.Int[0, int.MaxValue], Gen.OneOf(Charsets.Select(Gen.Const).ToArray()));
        await cases.SampleAsync(async (target, seed, charset) =>
        {
            var operation = Operation(document, target);
            var schema = operation.ActualRequestBody.Content["application/json"].Schema.ActualSchema;
            var body = BodyFrom(schema, new Random(seed));
            var json = body.ToJsonString(Raw);
            var bytes = Encoding.UTF8.GetBytes(json);
            var brokenUtf8 = json.Contains(BadUtf8, StringComparison.Ordinal);
            if (brokenUtf8)
            {
                bytes = Replace(bytes, Encoding.UTF8.GetBytes(BadUtf8), [(byte)'a', 0xC3, 0x28]);
            }
            var problems = CommittedDocument.Problems(json, schema);
            var expected = !(charset is "" or "; charset=utf-8" or "; charset=UTF-8") ? HttpStatusCode.UnsupportedMediaType
                : brokenUtf8 || problems.Count > 0 ? HttpStatusCode.BadRequest
                : target == Target.Update ? HttpStatusCode.OK : HttpStatusCode.Created;

            // Each create in a tenant of its own: a valid one is never a duplicate (409).
            var creator = api.ClientFor(LeadsApi.NewTenant());
            var before = await SnapshotAsync(client, lead.Id()) + await TotalAsync(creator);
            var content = new ByteArrayContent(bytes);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json" + charset);
            using var response = target switch
            {
                Target.Create => await creator.PostAsync(Leads, content),
                Target.Update => await client.PatchAsync($"{Leads}/{lead.Id()}", content),
                _ => await client.PostAsync($"{Leads}/{lead.Id()}/notes", content),
            };

            var answer = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(expected,
                "{0} with Content-Type application/json{1} and body {2} is {3} by the document ({4}); the service answered {5}",
                target, charset, json, problems.Count == 0 ? "valid" : "invalid", string.Join("; ", problems), answer);
            if ((int)response.StatusCode >= 400)
            {
                (await SnapshotAsync(client, lead.Id()) + await TotalAsync(creator)).Should().Be(before, "a refused request changes nothing");
            }
        }, iter: 500, threads: 1);
    }

    [Fact]
    public async Task ListQueriesFromTheParameterSchemas_AreAnsweredAsTheDocumentSays()
    {
        var document = await CommittedDocument.LoadAsync();
        var parameters = document.Operations.Single(o => o.Operation.OperationId == "listLeads").Operation.ActualParameters
            .Where(p => p.Kind == OpenApiParameterKind.Query).ToList();
        var client = api.ClientFor(LeadsApi.NewTenant());
        await client.CreateLeadAsync();

        await Gen.Int[0, int.MaxValue].SampleAsync(async seed =>
        {
            var random = new Random(seed);
            var query = new List<string>();
            var problems = new List<string>();
            foreach (var parameter in parameters.Where(_ => random.Next(2) == 0))
            {
                var schema = parameter.ActualSchema;
                var value = schema.Type.HasFlag(JsonObjectType.Integer)
                    ? Pick(random, ["1", "2", "20", "100", "101", "0", "-1", "abc", "+1", "1.5", "", (schema.Maximum ?? 2_000_000_000).ToString(CultureInfo.InvariantCulture)])
                    : StringFor(schema, random);
                query.Add($"{parameter.Name}={Uri.EscapeDataString(value)}");
                var asJson = schema.Type.HasFlag(JsonObjectType.Integer) && value.Length > 0 && value.All(char.IsAsciiDigit)
                    ? value
                    : JsonSerializer.Serialize(value);
                problems.AddRange(CommittedDocument.Problems(asJson, parameter.Schema).Select(p => $"{parameter.Name}: {p}"));
            }

            using var response = await client.GetAsync($"{Leads}?{string.Join("&", query)}");

            var expected = problems.Count == 0 ? HttpStatusCode.OK : HttpStatusCode.BadRequest;
            response.StatusCode.Should().Be(expected, "?{0} is {1} by the document ({2}); the service answered {3}",
                string.Join("&", query), problems.Count == 0 ? "valid" : "invalid", string.Join("; ", problems), await response.Content.ReadAsStringAsync());
        }, iter: 300, threads: 1);
    }

    private static OpenApiOperation Operation(OpenApiDocument document, Target target) =>
        document.Operations.Single(o => o.Operation.OperationId == target switch
        {
            Target.Create => "createLead",
            Target.Update => "updateLead",
            _ => "addLeadNote",
        }).Operation;

    // Each property of the schema present or not; required ones mostly present.
    private static JsonObject BodyFrom(JsonSchema schema, Random random)
    {
        var body = new JsonObject();
        foreach (var (name, property) in schema.ActualProperties)
        {
            var present = schema.RequiredProperties.Contains(name) ? random.Next(12) > 0 : random.Next(3) == 0;
            if (!present)
            {
                continue;
            }
            body[name] = ValueFor(name, property.ActualSchema, random);
        }
        if (random.Next(20) == 0)
        {
            body["colour"] = "red"; // not a property of any request
        }
        return body;
    }

    private static JsonNode? ValueFor(string name, JsonSchema schema, Random random)
    {
        switch (random.Next(14))
        {
            case 0: return null; // allowed where the schema is nullable
            case 1: return Pick<JsonNode?>(random, [42, true, new JsonArray(), new JsonObject()]); // another type
        }
        if (name == "metadata")
        {
            return Pick(random, Metadata)?.DeepClone();
        }
        if (schema.Enumeration.Count > 0)
        {
            var values = schema.Enumeration.Select(v => v?.ToString() ?? "").ToList();
            return Pick(random, [.. values, .. values, "NEW", "won", "no-show", ""]);
        }
        if (schema.Type.HasFlag(JsonObjectType.Array))
        {
            var count = random.Next(8) == 0 ? (schema.MaxItems > 0 ? schema.MaxItems + 1 : 3) : random.Next(0, 4);
            var items = new JsonArray();
            for (var i = 0; i < count; i++) items.Add(StringFor(schema.Item!.ActualSchema, random));
            return items;
        }
        return StringFor(schema, random);
    }

    // A text from the pool, or one at the schema's length limit (in astral characters,
    // which are one character each) or one over it, or broken UTF-8.
    private static string StringFor(JsonSchema schema, Random random)
    {
        var max = schema.MaxLength;
        return random.Next(10) switch
        {
            0 when max is > 0 => string.Concat(Enumerable.Repeat(Emoji, max.Value)),
            1 when max is > 0 => string.Concat(Enumerable.Repeat(Emoji, max.Value + 1)),
            2 when max is > 0 => new string('a', max.Value),
            3 => BadUtf8,
            _ => Pick(random, Texts),
        };
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static byte[] Replace(byte[] bytes, byte[] what, byte[] with)
    {
        var result = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i + what.Length <= bytes.Length && bytes.AsSpan(i, what.Length).SequenceEqual(what))
            {
                result.AddRange(with);
                i += what.Length - 1;
            }
            else
            {
                result.Add(bytes[i]);
            }
        }
        return [.. result];
    }

    private static async Task<string> SnapshotAsync(HttpClient client, string id) =>
        await client.GetStringAsync($"{Leads}/{id}") + await TotalAsync(client);

    private static async Task<long> TotalAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync($"{Leads}?size=1")).RootElement.GetProperty("total").GetInt64();
}
