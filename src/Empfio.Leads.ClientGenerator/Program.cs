using NJsonSchema;
using NJsonSchema.CodeGeneration;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;

// usage: Empfio.Leads.ClientGenerator OPENAPI_DOCUMENT OUTPUT_FILE
if (args is not [var input, var output])
{
    Console.Error.WriteLine("usage: Empfio.Leads.ClientGenerator OPENAPI_DOCUMENT OUTPUT_FILE");
    return 2;
}

var document = await OpenApiDocument.FromFileAsync(input);
var settings = new CSharpClientGeneratorSettings
{
    ClassName = "LeadsClient",
    GenerateClientInterfaces = true,
    ExceptionClass = "LeadsApiException",
    // Optional parameters (headers such as Idempotency-Key, If-Match) come last with a
    // default, so adding one in v1 does not break callers' code.
    GenerateOptionalParameters = true,
    // The caller's HttpClient.BaseAddress says where the service is (the document names no server).
    UseBaseUrl = false,
    CSharpGeneratorSettings =
    {
        Namespace = "Empfio.Leads.Client",
        JsonLibrary = CSharpJsonLibrary.SystemTextJson,
        // 9.0+: enums carry [JsonStringEnumMemberName], so "booking_offered" round-trips.
        JsonLibraryVersion = 9.0m,
        GenerateNullableReferenceTypes = true,
        // Optional properties are nullable, and a template omits them from the JSON when
        // null: a PATCH sends exactly the properties the caller set.
        GenerateOptionalPropertiesAsNullable = true,
        TemplateDirectory = Path.Combine(AppContext.BaseDirectory, "Templates"),
        PropertyNameGenerator = new PascalCasePropertyNames(),
        ClassStyle = CSharpClassStyle.Poco,
        GenerateDataAnnotations = false,
    },
};

var code = new CSharpClientGenerator(document, settings).GenerateFile();
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, code);
return 0;

// "preferred_services" -> "PreferredServices": C# names over the snake_case wire names.
internal sealed class PascalCasePropertyNames : IPropertyNameGenerator
{
    public string Generate(JsonSchemaProperty property) =>
        string.Concat(property.Name.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}
