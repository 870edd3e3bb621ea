using Microsoft.Net.Http.Headers;
using NSwag.Generation.Processors.Contexts;

namespace Empfio.Leads.Api.Features.Leads;

// A lead's version travels as its ETag ("3"); PATCH and DELETE accept If-Match.
public static class LeadVersions
{
    public static string ETag(long version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, long version) =>
        response.Headers.ETag = ETag(version);

    // What If-Match may carry, for the document and the 400.
    public const string IfMatchFormat =
        "The lead's version: its ETag as sent (\"3\", RFC 9110) or the bare number (3), as in the body's version; " +
        "several separated by commas; * for any existing lead. A weak tag (W/\"3\") never matches.";

    // Null when there is no condition (no header, or "*", which any existing lead meets);
    // otherwise the versions that match. Weak tags never match (RFC 9110 strong
    // comparison). A bare number is accepted beside the quoted tag: clients that cannot
    // read response headers send the body's version.
    public static bool TryParseIfMatch(string? header, out long[]? versions)
    {
        versions = null;
        if (header is null)
        {
            return true;
        }
        var matching = new List<long>();
        var parts = header.Split(',', StringSplitOptions.TrimEntries);
        foreach (var part in parts)
        {
            if (part == "*")
            {
                versions = null;
                return true;
            }
            if (IsVersion(part, out var bare))
            {
                matching.Add(bare);
            }
            else if (EntityTagHeaderValue.TryParse(part, out var tag))
            {
                if (!tag.IsWeak && IsVersion(tag.Tag.AsSpan(1, tag.Tag.Length - 2).ToString(), out var version))
                {
                    matching.Add(version);
                }
            }
            else
            {
                return false;
            }
        }
        versions = [.. matching];
        return true;
    }

    // The If-Match parameter of PATCH and DELETE, described for generators and readers.
    public static void DescribeIfMatch(OperationProcessorContext context)
    {
        var parameter = context.OperationDescription.Operation.Parameters.Single(p => p.Name == HeaderNames.IfMatch);
        parameter.Description = IfMatchFormat;
    }

    private static bool IsVersion(string text, out long version) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out version) && version > 0;
}
