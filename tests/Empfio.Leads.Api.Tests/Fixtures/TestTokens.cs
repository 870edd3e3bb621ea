using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Empfio.Leads.Api.Tests.Fixtures;

// Tokens as an identity provider would issue them, minted independently of the service.
public static class TestTokens
{
    public const string Issuer = "https://identity.tests.empfio.local";
    public const string Audience = "empfio-leads";
    public const string SigningKey = "tests-only-signing-key-of-at-least-32-bytes";

    public static string Create(
        string? tenant,
        string? email = "agent@example.com",
        string? subject = "user-123",
        string? scope = "leads:read leads:write",
        string issuer = Issuer,
        string audience = Audience,
        string signingKey = SigningKey,
        DateTime? expires = null,
        bool withExpiry = true,
        IReadOnlyDictionary<string, object>? extraClaims = null,
        SigningCredentials? signingCredentials = null)
    {
        var claims = new Dictionary<string, object>();
        if (tenant is not null) claims["tenant_id"] = tenant;
        if (email is not null) claims["email"] = email;
        if (subject is not null) claims["sub"] = subject;
        if (scope is not null) claims["scope"] = scope;
        foreach (var (name, value) in extraClaims ?? new Dictionary<string, object>()) claims[name] = value;

        var expiresAt = expires ?? DateTime.UtcNow.AddMinutes(30);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            SigningCredentials = signingCredentials ?? new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        };
        if (withExpiry)
        {
            descriptor.Expires = expiresAt;
            descriptor.IssuedAt = expiresAt.AddHours(-1);
            descriptor.NotBefore = expiresAt.AddHours(-1);
        }
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = withExpiry }.CreateToken(descriptor);
    }

    // A token with "alg": "none" and no signature, which must never be accepted.
    public static string Unsigned(string tenant)
    {
        var header = new { alg = "none", typ = "JWT" };
        var payload = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = "user-123",
            ["tenant_id"] = tenant,
            ["scope"] = "leads:read leads:write",
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds(),
        };
        return $"{Base64UrlEncoder.Encode(JsonSerializer.Serialize(header))}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.";
    }
}
