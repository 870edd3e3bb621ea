using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Empfio.Leads.Api.Infrastructure.Auth;

public static class TenantClaims
{
    public const string TenantIdClaim = "tenant_id";
    private const int TenantIdMaxLength = 200;

    // A token names exactly one tenant; anything else is refused by the tenant policy
    // before an endpoint runs, so endpoints can read the claim without checks.
    public static bool HasOneValidTenant(ClaimsPrincipal user)
    {
        var tenants = user.FindAll(TenantIdClaim).ToList();
        return tenants is [{ Value: var tenant }]
            && !string.IsNullOrWhiteSpace(tenant)
            && tenant.Length <= TenantIdMaxLength
            && !tenant.Any(char.IsControl);
    }

    // The tenant is a JSON string in the token. The token handler turns a number, a
    // boolean, an object or a one-element array into a claim that reads like a string
    // ("42", "true", "own-tenant"), so the payload itself is checked: a token whose
    // tenant_id is anything but a string has no tenant, and the tenant policy refuses it.
    public static Task KeepOnlyStringTenant(TokenValidatedContext context)
    {
        if (context.SecurityToken is { } token && context.Principal is { } principal)
        {
            KeepOnlyStringTenant(token, principal);
        }
        return Task.CompletedTask;
    }

    public static void KeepOnlyStringTenant(SecurityToken token, ClaimsPrincipal principal)
    {
        if (token is JsonWebToken jwt && principal.Identity is ClaimsIdentity identity && !IsStringClaim(jwt, TenantIdClaim))
        {
            foreach (var claim in identity.FindAll(TenantIdClaim).ToList())
            {
                identity.RemoveClaim(claim);
            }
        }
    }

    private static bool IsStringClaim(JsonWebToken token, string name)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        return payload.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String;
    }

    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirst(TenantIdClaim)?.Value
        ?? throw new InvalidOperationException("The tenant policy should have refused a token without tenant_id.");

    // Who made a change (a note's author, an event's actor): people have an e-mail claim,
    // service tokens only a subject.
    public static string Actor(this ClaimsPrincipal user) =>
        user.FindFirst("email")?.Value ?? user.FindFirst("sub")?.Value ?? "unknown";
}
