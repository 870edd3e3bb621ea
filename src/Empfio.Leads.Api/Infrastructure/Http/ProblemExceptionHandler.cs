using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Empfio.Leads.Api.Infrastructure.Http;

// The one place where exceptions become problem details: request binding failures,
// database errors by kind, and anything unexpected as a bare 500.
public sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems, NpgsqlDataSource database, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => InvalidJson(json),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Detail = DescribeBadRequest(bad) },
            // A unique rule no slice expected to meet (slices answer their own conflicts).
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = "The change conflicts with data that already exists; nothing was changed.",
            },
            PostgresException { SqlState: var state } when state.StartsWith("22", StringComparison.Ordinal) =>
                new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Detail = "The request contains a value the database cannot store.",
                },
            NpgsqlException or TimeoutException when DatabaseErrors.IsUnavailable(exception) => Unavailable(http, database, exception),
            _ => null,
        };

        if (problem is null)
        {
            LogUnexpected(logger, exception, http.Request.Method, http.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError };
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ValidationProblemDetails InvalidJson(JsonException json)
    {
        var field = FieldName(json.Path);
        var message = json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)
            ? $"'{field}' is not a field of this request."
            : field == "body"
                ? "The body must be a JSON object."
                : $"'{field}' has a value of the wrong type or is not valid JSON.";
        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = "The request body is not valid.",
        };
    }

    // "$.preferred_services[0]" -> "preferred_services[0]"; "$" (the whole body) -> "body".
    private static string FieldName(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string DescribeBadRequest(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType => Utf8Bodies.Detail,
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        _ when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => "A JSON object body is required.",
        _ => "The request is not valid.",
    };

    private static ProblemDetails Unavailable(HttpContext http, NpgsqlDataSource database, Exception exception)
    {
        // Pooled connections did not survive an outage: drop the idle ones now, so the
        // first requests after the database returns open fresh connections and succeed.
        if (DatabaseErrors.IsGone(exception))
        {
            database.Clear();
        }
        http.Response.Headers.RetryAfter = "2";
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Detail = "The database is unavailable; retry shortly.",
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path);
}
