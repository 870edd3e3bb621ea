using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Json;

namespace Empfio.Leads.Api.Infrastructure.Idempotency;

// Claims the key (committed at once, so a parallel repeat sees it and gets 409), then runs
// the request and records its response in one transaction with the request's own writes:
// either both happen or neither, and a claim left by a crash is taken over after a minute.
// The transaction is begun on the request's LeadsDatabase, the same unit of work the
// handler's statements run on.
public sealed class IdempotencyFilter<TRequest>(LeadsDatabase database, IOptions<JsonOptions> json) : IEndpointFilter
{
    private const string Claim = """
        INSERT INTO idempotency_keys AS k (tenant_id, key, fingerprint)
        VALUES (@TenantId, @Key, @Fingerprint)
        ON CONFLICT (tenant_id, key) DO UPDATE
        SET fingerprint = excluded.fingerprint, claimed_at = now(), completed_at = NULL,
            status_code = NULL, location = NULL, etag = NULL, body = NULL
        WHERE (k.completed_at IS NULL AND k.claimed_at < now() - interval '60 seconds')
           OR k.completed_at < now() - interval '24 hours'
        RETURNING true
        """;

    private const string Find = """
        SELECT fingerprint, completed_at IS NOT NULL AS completed, status_code, location, etag, body
        FROM idempotency_keys
        WHERE tenant_id = @TenantId AND key = @Key
        """;

    private const string Complete = """
        UPDATE idempotency_keys
        SET completed_at = now(), status_code = @StatusCode, location = @Location, etag = @ETag, body = @Body
        WHERE tenant_id = @TenantId AND key = @Key
        """;

    private const string Release = """
        DELETE FROM idempotency_keys WHERE tenant_id = @TenantId AND key = @Key AND completed_at IS NULL
        """;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(IdempotencyExtensions.Header, out var values))
        {
            return await next(context);
        }
        if (values is not [{ Length: >= 1 and <= IdempotencyExtensions.MaxKeyLength } key] || key.Any(char.IsControl))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [IdempotencyExtensions.Header] = [$"'{IdempotencyExtensions.Header}' must be one value of 1 to {IdempotencyExtensions.MaxKeyLength} printable characters."],
            });
        }

        var cancellationToken = http.RequestAborted;
        var claim = new ClaimKey(http.User.TenantId(), key, Fingerprint(http.Request, context.Arguments.OfType<TRequest>().Single()));
        // One connection for the claim, the request and its record: a request never holds
        // two, so a small pool serves as many keyed requests as unkeyed ones.
        var connection = await database.ConnectionAsync(cancellationToken);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            if (await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(Claim, claim, cancellationToken: cancellationToken)) is true)
            {
                return await RunAndRecordAsync(connection, claim, context, next, cancellationToken);
            }
            if (await connection.QuerySingleOrDefaultAsync<Recorded>(new CommandDefinition(Find, claim, cancellationToken: cancellationToken)) is { } recorded)
            {
                return Answer(recorded, claim);
            }
            // Neither claimed nor found: a failed first attempt released the key in
            // between. Claim once more.
        }
        throw new InvalidOperationException($"Could not claim the idempotency key of tenant {claim.TenantId}.");
    }

    private async Task<object?> RunAndRecordAsync(
        NpgsqlConnection connection, ClaimKey claim, EndpointFilterInvocationContext context, EndpointFilterDelegate next,
        CancellationToken cancellationToken)
    {
        var recorded = false;
        try
        {
            return await database.InTransactionAsync(async _ =>
            {
                var result = await next(context);
                // Only effects are recorded: a refused request (4xx) changed nothing, and
                // releasing its key lets the caller retry it, corrected or later.
                if (Success(result, context.HttpContext) is not { } response)
                {
                    return (result, false);
                }
                await connection.ExecuteAsync(new CommandDefinition(Complete, new
                {
                    claim.TenantId,
                    claim.Key,
                    response.StatusCode,
                    response.Location,
                    response.ETag,
                    response.Body,
                }, cancellationToken: cancellationToken));
                recorded = true;
                return (result, true);
            }, cancellationToken);
        }
        finally
        {
            if (!recorded)
            {
                await ReleaseAsync(connection, claim);
            }
        }
    }

    // After the transaction rolled back, on the same connection. When the connection
    // itself is gone (the database is), the claim is left to expire after a minute and
    // the request's own error is what the caller sees.
    private static async Task ReleaseAsync(NpgsqlConnection connection, ClaimKey claim)
    {
        try
        {
            await connection.ExecuteAsync(Release, claim);
        }
        catch (NpgsqlException)
        {
        }
        catch (InvalidOperationException) when (connection.FullState.HasFlag(System.Data.ConnectionState.Broken))
        {
        }
    }

    private static IResult Answer(Recorded recorded, ClaimKey claim)
    {
        if (recorded.Fingerprint != claim.Fingerprint)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key reused",
                detail: $"The {IdempotencyExtensions.Header} was already used for a different request; use a new key.");
        }
        if (!recorded.Completed)
        {
            return new InProgress();
        }
        return new Replay(recorded);
    }

    // "The same body" is the same JSON value: members in any order, any whitespace, any
    // escaping of the same text. Numbers keep their text (1.0 is stored as 1.0, not 1).
    private string Fingerprint(HttpRequest request, TRequest body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, JsonSerializer.SerializeToElement(body, json.Value.SerializerOptions));
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        hash.AppendData(buffer.WrittenSpan);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(value.GetString());
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private Recorded? Success(object? result, HttpContext http)
    {
        var outcome = result is INestedHttpResult nested ? nested.Result : result;
        if (outcome is not IStatusCodeHttpResult { StatusCode: >= 200 and < 300 and var status } || outcome is not IValueHttpResult { Value: { } value })
        {
            return null;
        }
        // Created<T> carries its Location; no interface exposes it.
        var location = outcome.GetType().GetProperty(nameof(Created.Location))?.GetValue(outcome) as string;
        return new Recorded(
            string.Empty, true, status, location, http.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
            JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions));
    }

    private sealed record ClaimKey(string TenantId, string Key, string Fingerprint);

    private sealed record Recorded(string Fingerprint, bool Completed, int? StatusCode, string? Location, string? ETag, string? Body);

    private sealed class InProgress : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Request in progress",
                detail: $"A request with this {IdempotencyExtensions.Header} is still running; retry shortly.").ExecuteAsync(httpContext);
        }
    }

    private sealed class Replay(Recorded recorded) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.Headers["Idempotent-Replayed"] = "true";
            if (recorded.Location is not null) response.Headers.Location = recorded.Location;
            if (recorded.ETag is not null) response.Headers.ETag = recorded.ETag;
            return TypedResults.Text(recorded.Body, "application/json", Encoding.UTF8, recorded.StatusCode).ExecuteAsync(httpContext);
        }
    }
}
