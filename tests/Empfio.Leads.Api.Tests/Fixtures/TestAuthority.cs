using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Empfio.Leads.Api.Tests.Fixtures;

// An OIDC authority as production has one, on a loopback port over plain http (as inside
// a cluster): a discovery document and a JWKS of RS256 keys, served by Kestrel. Its key
// can be rotated, and it can be stopped and started again on the same port.
public sealed class TestAuthority : IAsyncDisposable
{
    private WebApplication? server;
    private volatile RsaSecurityKey key = NewKey();

    public TestAuthority(int? port = null)
    {
        Port = port ?? ApiProcess.FreePort();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public RsaSecurityKey SigningKey => key;

    public int DiscoveryRequests { get; private set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () =>
        {
            DiscoveryRequests++;
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = TestTokens.Issuer,
                ["jwks_uri"] = $"{Url}/jwks",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        await app.StartAsync();
        server = app;
    }

    public async Task StopAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
            server = null;
        }
    }

    // A new key replaces the old one in the JWKS.
    public void RotateKey() => key = NewKey();

    public string Token(string tenant, RsaSecurityKey? signWith = null) =>
        TestTokens.Create(tenant, signingCredentials: new SigningCredentials(signWith ?? key, SecurityAlgorithms.RsaSha256));

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    public ValueTask DisposeAsync() => new(StopAsync());
}
