using System.Net;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation;
using NSwag;

namespace Empfio.Leads.Api.Tests.Fixtures;

// Every exchange a test makes through LeadsApi's clients is checked against the committed
// OpenAPI document (openapi/leads-api.v1.json), with NJsonSchema's validator:
// - every response: its status is documented for the operation, its content type is the
//   documented one, and its body validates against the documented schema;
// - every request the service accepted (2xx): its JSON body and query parameters
//   validate against the operation's request schema, so the service never accepts what
//   the document refuses.
// A mismatch fails the test that made the request.
public sealed class DocumentedExchanges : DelegatingHandler
{
    private static readonly Lazy<Task<Contract>> Document = new(Contract.LoadAsync);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestBody = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        var contract = await Document.Value;
        if (contract.Find(request.Method, request.RequestUri!) is not { } operation)
        {
            return response; // health, the document itself, or a path the API does not have
        }

        var failures = new List<string>();
        var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        CheckResponse(operation, response, responseBody, failures);
        if (response.IsSuccessStatusCode)
        {
            CheckRequest(operation, request.RequestUri!, requestBody, failures);
        }
        if (failures.Count > 0)
        {
            throw new DocumentMismatchException(
                $"{request.Method} {request.RequestUri!.PathAndQuery} -> {(int)response.StatusCode} does not match the committed document:\n  "
                + string.Join("\n  ", failures)
                + $"\nrequest body: {(requestBody is null ? "(none)" : System.Text.Encoding.UTF8.GetString(requestBody))}"
                + $"\nresponse body: {System.Text.Encoding.UTF8.GetString(responseBody)}");
        }
        return response;
    }

    private static void CheckResponse(OpenApiOperation operation, HttpResponseMessage response, byte[] body, List<string> failures)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.ActualResponses.TryGetValue(status, out var documented))
        {
            failures.Add($"status {status} is not documented (documented: {string.Join(", ", operation.ActualResponses.Keys)})");
            return;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (documented.Content.Count == 0)
        {
            if (body.Length > 0) failures.Add($"the document says {status} has no body, but it has one ({mediaType})");
            return;
        }
        if (mediaType is null || !documented.Content.TryGetValue(mediaType, out var content))
        {
            failures.Add($"content type {mediaType ?? "(none)"} is not documented for {status} (documented: {string.Join(", ", documented.Content.Keys)})");
            return;
        }
        CommittedDocument.Validate("response body", System.Text.Encoding.UTF8.GetString(body), content.Schema, failures);
    }

    private static void CheckRequest(OpenApiOperation operation, Uri uri, byte[]? body, List<string> failures)
    {
        if (operation.ActualRequestBody?.Content is { } content && body is { Length: > 0 }
            && content.TryGetValue("application/json", out var json))
        {
            CommittedDocument.Validate("request body", System.Text.Encoding.UTF8.GetString(body), json.Schema, failures);
        }
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        foreach (var parameter in operation.ActualParameters.Where(p => p.Kind == OpenApiParameterKind.Query))
        {
            if (!query.TryGetValue(parameter.Name, out var values))
            {
                continue;
            }
            var schema = parameter.ActualSchema;
            if (schema.Type.HasFlag(JsonObjectType.Array))
            {
                // form style, exploded: each occurrence is one item.
                CommittedDocument.Validate($"query parameter {parameter.Name}", System.Text.Json.JsonSerializer.Serialize(values.ToArray()), parameter.Schema, failures);
                continue;
            }
            foreach (var value in values)
            {
                // Query values are text; the schema's type says how to read them.
                var asJson = schema.Type.HasFlag(JsonObjectType.Integer) || schema.Type.HasFlag(JsonObjectType.Number)
                    ? value!
                    : System.Text.Json.JsonSerializer.Serialize(value);
                CommittedDocument.Validate($"query parameter {parameter.Name}", asJson, parameter.Schema, failures);
            }
        }
    }

    private sealed class Contract(IReadOnlyList<(HttpMethod Method, Regex Path, OpenApiOperation Operation)> operations)
    {
        public static async Task<Contract> LoadAsync()
        {
            var document = await CommittedDocument.LoadAsync();
            var operations = document.Paths
                // Literal paths before templated ones: /leads before /leads/{lead_id}.
                .OrderBy(path => path.Key.Count(c => c == '{'))
                .SelectMany(path => path.Value.Select(operation => (
                    new HttpMethod(operation.Key.ToUpperInvariant()),
                    new Regex("^" + Regex.Replace(Regex.Escape(path.Key), @"\\\{[^/]+?}", "[^/]+") + "$"),
                    operation.Value)))
                .ToList();
            return new Contract(operations);
        }

        public OpenApiOperation? Find(HttpMethod method, Uri uri)
        {
            var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
            return operations.FirstOrDefault(o => o.Method == method && o.Path.IsMatch(path)).Operation;
        }
    }
}

public sealed class DocumentMismatchException(string message) : Exception(message);
