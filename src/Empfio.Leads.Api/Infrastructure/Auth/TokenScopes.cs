namespace Empfio.Leads.Api.Infrastructure.Auth;

public static class TokenScopes
{
    // Scopes come as a space-separated "scope" claim (RFC 8693) or as "scp", a string or
    // an array (which arrives as one claim per item).
    public static HashSet<string> Of(ClaimsPrincipal user) =>
        user.Claims
            .Where(claim => claim.Type is "scope" or "scp")
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
}
