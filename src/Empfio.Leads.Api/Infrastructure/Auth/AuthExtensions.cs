using System.Text;
using Empfio.Leads.Api.Infrastructure.Health;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Empfio.Leads.Api.Infrastructure.Auth;

public static class AuthExtensions
{
    public const string TenantPolicy = "tenant";
    public const string ReadPolicy = "leads:read";
    public const string WritePolicy = "leads:write";
    public const int MinimumSigningKeyBytes = 32;

    private static readonly string[] AsymmetricAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
         SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSsaPssSha256];

    public static IServiceCollection AddLeadsAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Issuer), "Auth:Issuer (Auth__Issuer) is required.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Audience), "Auth:Audience (Auth__Audience) is required.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SigningKey) || !string.IsNullOrWhiteSpace(o.Authority),
                "Auth:SigningKey (Auth__SigningKey) or Auth:Authority (Auth__Authority) is required.")
            .Validate(o => string.IsNullOrWhiteSpace(o.SigningKey) || Encoding.UTF8.GetByteCount(o.SigningKey) >= MinimumSigningKeyBytes,
                $"Auth:SigningKey (Auth__SigningKey) must be at least {MinimumSigningKeyBytes} bytes.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Authority) || Uri.IsWellFormedUriString(o.Authority, UriKind.Absolute),
                "Auth:Authority (Auth__Authority) must be an absolute URL.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Authority) || !o.RequireHttpsMetadata
                    || o.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
                "Auth:Authority (Auth__Authority) must be an https URL, or set Auth:RequireHttpsMetadata (Auth__RequireHttpsMetadata) to false for an authority reached over http.")
            .Validate(o => AsymmetricAlgorithms.Contains(o.Algorithm),
                $"Auth:Algorithm (Auth__Algorithm) must be one of {string.Join(", ", AsymmetricAlgorithms)}.")
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, options) => Configure(jwt, options.Value));

        services.AddHealthChecks().AddCheck<TokenAuthority.ReadyCheck>(
            "token authority", tags: [HealthExtensions.ReadyTag], timeout: TokenAuthority.FetchTimeout);

        // Reads need leads:read or leads:write; every change needs leads:write.
        services.AddAuthorizationBuilder()
            .AddPolicy(TenantPolicy, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => TenantClaims.HasOneValidTenant(context.User)))
            .AddPolicy(ReadPolicy, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => TokenScopes.Of(context.User).Overlaps([ReadPolicy, WritePolicy])))
            .AddPolicy(WritePolicy, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => TokenScopes.Of(context.User).Contains(WritePolicy)));
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        // Keep claim names as issued ("sub", "email", "tenant_id").
        jwt.MapInboundClaims = false;
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = TenantClaims.KeepOnlyStringTenant,
            OnAuthenticationFailed = TokenAuthority.OnAuthenticationFailed,
            OnChallenge = TokenAuthority.AnswerWhenUnavailable,
        };
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = auth.Issuer,
            ValidateAudience = true,
            ValidAudience = auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = "sub",
        };

        if (!string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            jwt.TokenValidationParameters.ValidateIssuerSigningKey = true;
            jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey));
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        else
        {
            // Only the configured asymmetric algorithm: a token signed with HMAC (using the
            // public key as a secret) or with "none" is refused.
            jwt.Authority = auth.Authority;
            jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            // A probe or a request waits seconds, not a minute, for an authority that is down.
            jwt.BackchannelTimeout = TokenAuthority.FetchTimeout;
            jwt.RefreshInterval = TokenAuthority.RefreshInterval;
            jwt.TokenValidationParameters.ValidAlgorithms = [auth.Algorithm];
        }
    }
}
