using Microsoft.Net.Http.Headers;

namespace Empfio.Leads.Api.Features.Leads;

// A lead's version travels as its ETag ("3"); PATCH and DELETE accept If-Match.
public static class LeadVersions
{
    public static string ETag(long version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, long version) =>
        response.Headers.ETag = ETag(version);

    // Null when there is no condition (no header, or "*", which any existing lead meets);
    // otherwise the versions that match. Weak tags never match (RFC 9110 strong comparison).
    public static bool TryParseIfMatch(string? header, out long[]? versions)
    {
        versions = null;
        if (header is null)
        {
            return true;
        }
        if (!EntityTagHeaderValue.TryParseList([header], out var tags) || tags.Count == 0)
        {
            return false;
        }
        if (tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)))
        {
            return true;
        }
        versions = tags
            .Where(tag => !tag.IsWeak)
            .Select(tag => long.TryParse(tag.Tag.AsSpan(1, tag.Tag.Length - 2), out var version) ? version : -1)
            .Where(version => version > 0)
            .ToArray();
        return true;
    }
}
