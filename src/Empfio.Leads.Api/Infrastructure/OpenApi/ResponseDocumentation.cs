using NJsonSchema;
using NSwag;

namespace Empfio.Leads.Api.Infrastructure.OpenApi;

// Completes every operation's responses the same way: errors are problem details
// (application/problem+json), each response says what it means, and the headers a
// client needs (Location, Retry-After, WWW-Authenticate) are documented.
internal static class ResponseDocumentation
{
    private static readonly Dictionary<string, string> Meanings = new()
    {
        ["200"] = "Success.",
        ["201"] = "Created.",
        ["204"] = "Done; no content.",
        ["400"] = "The request is not valid; `errors` names each offending field.",
        ["401"] = "No bearer token, or one that is invalid or expired.",
        ["403"] = "The token does not name exactly one tenant.",
        ["404"] = "No such lead for this tenant.",
        ["409"] = "Conflict: another active lead has this channel and channel_id (a create names it in lead_id and Location), or a request with the same Idempotency-Key is still running (retry after Retry-After).",
        ["410"] = "Events after this cursor were removed by retention: resynchronize (a new cursor, the leads copied again).",
        ["412"] = "The lead is no longer at the version given in If-Match; nothing was changed.",
        ["413"] = $"The body is larger than {HttpExtensions.MaxRequestBodyBytes / (1024 * 1024)} MiB.",
        ["415"] = "The body is not JSON in UTF-8 (Content-Type: application/json, with no charset or charset=utf-8).",
        ["422"] = "The Idempotency-Key was already used for a different request.",
        ["503"] = "The database is unavailable; retry after Retry-After seconds.",
    };

    public static void Complete(OpenApiDocument document)
    {
        foreach (var operation in document.Operations.Select(o => o.Operation))
        {
            // In status order, which is how a reader looks for them.
            var responses = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            operation.Responses.Clear();
            foreach (var (status, response) in responses)
            {
                operation.Responses[status] = response;
                if (string.IsNullOrEmpty(response.Description) && Meanings.TryGetValue(status, out var meaning))
                {
                    response.Description = meaning;
                }
                if (status.StartsWith('4') || status.StartsWith('5'))
                {
                    AsProblemDetails(response);
                }
                AddHeaders(status, response);
            }
        }
        AllowNewFieldsInResponses(document);
        DescribeProblems(document);
    }

    // The problem's detail is the message a generated client's exception carries (Kiota
    // reads x-ms-primary-error-message); a validation problem lists its field errors also
    // as typed violations (FieldViolations).
    private static void DescribeProblems(OpenApiDocument document)
    {
        var schemas = document.Components.Schemas;
        schemas["ProblemDetails"].Properties["detail"].ExtensionData = new Dictionary<string, object?>
        {
            ["x-ms-primary-error-message"] = true,
        };
        var violation = new JsonSchema
        {
            Type = JsonObjectType.Object,
            Description = "One field error: the field (as in errors) and its message.",
            AllowAdditionalProperties = true,
        };
        violation.Properties["field"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true };
        violation.Properties["message"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true };
        schemas["FieldViolation"] = violation;
        var validation = schemas["HttpValidationProblemDetails"].AllOf.Single(part => part.Reference is null);
        validation.Properties[FieldViolations.Property] = new JsonSchemaProperty
        {
            Type = JsonObjectType.Array,
            Description = "The same field errors as errors, one item per message.",
            Item = new JsonSchema { Reference = violation },
        };
    }

    // Request schemas refuse unknown properties (additionalProperties: false, true to the
    // service). Response schemas must not: v1 may add fields, and clients must accept them.
    private static void AllowNewFieldsInResponses(OpenApiDocument document)
    {
        var requestSchemas = document.Operations
            .Select(o => o.Operation.RequestBody)
            .Where(body => body is not null)
            .SelectMany(body => body!.Content.Values)
            .Select(content => content.Schema?.ActualSchema)
            .ToHashSet();
        foreach (var schema in document.Components.Schemas.Values.Where(s => !requestSchemas.Contains(s) && s.Type == NJsonSchema.JsonObjectType.Object))
        {
            schema.AllowAdditionalProperties = true;
        }
    }

    private static void AsProblemDetails(OpenApiResponse response)
    {
        var schema = response.Content.Values.Select(c => c.Schema).FirstOrDefault(s => s is not null);
        response.Content.Clear();
        response.Content["application/problem+json"] = new OpenApiMediaType { Schema = schema };
    }

    private static void AddHeaders(string status, OpenApiResponse response)
    {
        switch (status)
        {
            case "200" or "201":
                if (status == "201")
                {
                    response.Headers["Location"] = Header("The URL of the lead.", NJsonSchema.JsonObjectType.String, "uri");
                }
                // Responses that carry a whole lead carry its version as ETag too.
                if (response.Content.Values.Any(c => c.Schema?.ActualSchema.Properties.ContainsKey("version") == true))
                {
                    response.Headers["ETag"] = Header("The lead's version in quotes, for If-Match.", NJsonSchema.JsonObjectType.String);
                }
                break;
            case "401":
                response.Headers["WWW-Authenticate"] = Header("The bearer challenge.", NJsonSchema.JsonObjectType.String);
                break;
            case "503":
                response.Headers["Retry-After"] = Header("Seconds to wait before retrying.", NJsonSchema.JsonObjectType.Integer);
                break;
        }
    }

    private static OpenApiHeader Header(string description, NJsonSchema.JsonObjectType type, string? format = null) => new()
    {
        Description = description,
        Schema = new NJsonSchema.JsonSchema { Type = type, Format = format },
    };
}
