using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Empfio.Leads.Api.Infrastructure.Http;

// JSON between systems is UTF-8 (RFC 8259, section 8.1). A body declared in another
// charset is refused before binding, where an unknown name ("bogus", "utf-7", an empty
// "charset=") would make the framework's transcoding throw.
internal static class Utf8Bodies
{
    public const string Detail = "The body must be JSON in UTF-8: Content-Type: application/json, with no charset or charset=utf-8.";

    public static WebApplication UseUtf8Bodies(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (DeclaresOtherCharset(http.Request.ContentType))
            {
                http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails { Status = StatusCodes.Status415UnsupportedMediaType, Detail = Detail },
                });
                return;
            }
            await next(http);
        });
        return app;
    }

    private static bool DeclaresOtherCharset(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            // No body type, or one the binder refuses as not JSON (415) anyway.
            return false;
        }
        return mediaType.Parameters
            .Where(parameter => parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase))
            // The exact name, unquoted: the framework's transcoding neither unquotes
            // ("utf-8") nor knows aliases (utf8).
            .Any(parameter => !parameter.Value.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }
}
