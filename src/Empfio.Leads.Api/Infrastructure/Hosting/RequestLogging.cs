using System.Diagnostics;
using Empfio.Leads.Api.Infrastructure.Auth;

namespace Empfio.Leads.Api.Infrastructure.Hosting;

// One line per request: method, route template (never the path with its ids or query,
// which may hold search terms), status, duration, tenant and the client's address and
// scheme (as forwarded by a trusted proxy). Never a body, header value or token.
public sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
            // Probes come every few seconds; they are only worth a line when debugging.
            var level = route.StartsWith("/health/", StringComparison.Ordinal) ? LogLevel.Debug : LogLevel.Information;
            LogRequest(logger, level, http.Request.Method, route, http.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                http.User.FindFirst(TenantClaims.TenantIdClaim)?.Value ?? "-",
                http.Connection.RemoteIpAddress?.ToString() ?? "-", http.Request.Scheme);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "Request",
        Message = "{Method} {Route} answered {StatusCode} in {DurationMs:0.0} ms (tenant {Tenant}, client {ClientAddress}, {Scheme})")]
    private static partial void LogRequest(
        ILogger logger, LogLevel level, string method, string route, int statusCode, double durationMs,
        string tenant, string clientAddress, string scheme);
}
