using System.Diagnostics;

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
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/') is { Length: > 0 } template
                ? template
                : "(unmatched)";
            // Probes come every few seconds; they are only worth a line when debugging.
            var level = route.StartsWith("/health/", StringComparison.Ordinal) ? LogLevel.Debug : LogLevel.Information;
            LogRequest(logger, level, http.Request.Method, route, http.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                http.User.FindFirst(TenantClaims.TenantIdClaim)?.Value ?? "-",
                ClientAddress(http), http.Request.Scheme);
        }
    }

    // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; log them as a.b.c.d.
    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress switch
    {
        null => "-",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        var address => address.ToString(),
    };

    [LoggerMessage(EventId = 1, EventName = "Request",
        Message = "{Method} {Route} answered {StatusCode} in {DurationMs:0.0} ms (tenant {Tenant}, client {ClientAddress}, {Scheme})")]
    private static partial void LogRequest(
        ILogger logger, LogLevel level, string method, string route, int statusCode, double durationMs,
        string tenant, string clientAddress, string scheme);
}
