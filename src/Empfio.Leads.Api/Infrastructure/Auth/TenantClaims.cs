using System.Security.Claims;

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

    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirst(TenantIdClaim)?.Value
        ?? throw new InvalidOperationException("The tenant policy should have refused a token without tenant_id.");

    // People have an e-mail claim; service tokens only a subject.
    public static string NoteAuthor(this ClaimsPrincipal user) =>
        user.FindFirst("email")?.Value ?? user.FindFirst("sub")?.Value ?? "unknown";
}
