using NJsonSchema;
using NJsonSchema.Validation;
using NSwag;

namespace Empfio.Leads.Api.Tests.Fixtures;

// The committed OpenAPI document (openapi/leads-api.v1.json) read as a JSON Schema
// validator reads it: the oracle of what a request or response may be.
public static class CommittedDocument
{
    public static string Path { get; } = System.IO.Path.Combine(Checkout.Root, "openapi", "leads-api.v1.json");

    private static readonly Lazy<Task<OpenApiDocument>> Document = new(() => OpenApiDocument.FromFileAsync(Path));

    public static Task<OpenApiDocument> LoadAsync() => Document.Value;

    // Whether the JSON is valid by the schema, and why not.
    public static List<string> Problems(string json, JsonSchema? schema)
    {
        var failures = new List<string>();
        Validate("value", json, schema, failures);
        return failures;
    }

    public static void Validate(string what, string json, JsonSchema? schema, List<string> failures)
    {
        if (schema is null)
        {
            return;
        }
        ICollection<ValidationError> errors;
        try
        {
            errors = new JsonSchemaValidator().Validate(CountingCodePoints(json), schema.ActualSchema, SchemaType.OpenApi3);
        }
        catch (Newtonsoft.Json.JsonException exception)
        {
            failures.Add($"{what} is not JSON: {exception.Message}");
            return;
        }
        failures.AddRange(errors.Select(error => $"{what}: {error}"));
    }

    // JSON Schema counts a string's length in code points; NJsonSchema counts UTF-16
    // units, so a character outside the BMP (an emoji) would count twice. Each is replaced
    // by one BMP character of the private use area before validating: lengths come out as
    // JSON Schema counts them, and the document's patterns (which name only BMP ranges
    // and allow any other character where they allow U+E000) match the same way.
    public static string CountingCodePoints(string json)
    {
        if (!json.Any(char.IsSurrogate) && !json.Contains("\\u", StringComparison.Ordinal))
        {
            return json;
        }
        var node = System.Text.Json.Nodes.JsonNode.Parse(json);
        return Replace(node)?.ToJsonString() ?? "null";

        static System.Text.Json.Nodes.JsonNode? Replace(System.Text.Json.Nodes.JsonNode? node)
        {
            switch (node)
            {
                case System.Text.Json.Nodes.JsonObject obj:
                    foreach (var (key, value) in obj.ToList()) obj[key] = Replace(value?.DeepClone());
                    return obj;
                case System.Text.Json.Nodes.JsonArray array:
                    return new System.Text.Json.Nodes.JsonArray(array.Select(item => Replace(item?.DeepClone())).ToArray());
                case System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text):
                    return System.Text.Json.Nodes.JsonValue.Create(string.Concat(text.EnumerateRunes().Select(r => r.IsBmp ? r.ToString() : "\uE000")));
                default:
                    return node;
            }
        }
    }

}
