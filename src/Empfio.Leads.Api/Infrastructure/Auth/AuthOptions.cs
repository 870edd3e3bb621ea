namespace Empfio.Leads.Api.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string? Issuer { get; set; }
    public string? Audience { get; set; }

    // An HMAC-SHA256 key for development and tests, or an OIDC authority for production.
    public string? SigningKey { get; set; }
    public string? Authority { get; set; }

    // With an authority: the one signing algorithm its tokens use.
    public string Algorithm { get; set; } = "RS256";

    // With an authority: its discovery document and keys only over https, unless this is
    // turned off for an authority reached over plain http inside the cluster.
    public bool RequireHttpsMetadata { get; set; } = true;
}
