using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Empfio.Leads.Api.Infrastructure.Auth;

// The OIDC authority whose keys validate tokens (Auth__Authority). Its discovery document
// and JWKS are fetched on first use and cached; an unknown kid fetches them again, so a
// key rotation needs no restart, and a failed refresh keeps the keys already known.
public static class TokenAuthority
{
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

    // How often an unknown kid may fetch the authority's keys again, and how long the
    // request that asked waits for them.
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RotationWait = TimeSpan.FromSeconds(3);

    private static readonly object Unavailable = new();
    // Per authority (one per service instance): when an unknown kid may next wait.
    private static readonly ConditionalWeakTable<object, StrongBox<long>> NextRotationWait = [];

    // No key of the token's kid: a rotation the cached keys do not know yet, a made-up kid,
    // or keys that could never be fetched because the authority is down.
    public static async Task OnAuthenticationFailed(AuthenticationFailedContext context)
    {
        if (context.Exception is not SecurityTokenSignatureKeyNotFoundException || context.Options.ConfigurationManager is not { } authority)
        {
            return;
        }
        try
        {
            await AcceptAfterKeyRotationAsync(context, authority);
        }
        catch (InvalidOperationException exception) when (exception.Message.StartsWith("IDX20803", StringComparison.Ordinal))
        {
            // "Unable to obtain configuration": the token may be fine; the service cannot
            // tell until the authority answers.
            context.HttpContext.Items[Unavailable] = true;
        }
    }

    // The handler has asked for the keys again but fetches them in the background, so this
    // request would be refused although the next one passes. It waits for the new keys
    // instead and is validated against them. At most one request per RefreshInterval
    // waits, so tokens with made-up kids cost nothing but their 401.
    private static async Task AcceptAfterKeyRotationAsync(
        AuthenticationFailedContext context, IConfigurationManager<OpenIdConnectConfiguration> authority)
    {
        var aborted = context.HttpContext.RequestAborted;
        var configuration = await authority.GetConfigurationAsync(aborted);
        var now = Environment.TickCount64;
        var next = NextRotationWait.GetValue(authority, _ => new StrongBox<long>(0));
        var allowedAt = Interlocked.Read(ref next.Value);
        if (now < allowedAt
            || Interlocked.CompareExchange(ref next.Value, now + (long)RefreshInterval.TotalMilliseconds, allowedAt) != allowedAt
            || context.Request.Headers.Authorization.ToString() is not ['B', 'e', 'a', 'r', 'e', 'r', ' ', .. var token])
        {
            return;
        }
        var kid = new JsonWebToken(token).Kid;
        var deadline = now + (long)RotationWait.TotalMilliseconds;
        while (!configuration.SigningKeys.Any(key => key.KeyId == kid) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(50, aborted);
            configuration = await authority.GetConfigurationAsync(aborted);
        }

        var parameters = context.Options.TokenValidationParameters.Clone();
        parameters.IssuerSigningKeys = configuration.SigningKeys;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        if (result.IsValid)
        {
            var principal = new ClaimsPrincipal(result.ClaimsIdentity);
            TenantClaims.KeepOnlyStringTenant(result.SecurityToken, principal);
            context.Principal = principal;
            context.Success();
        }
    }

    // So the caller hears "retry shortly" (503), not "your token is bad" (401).
    public static async Task AnswerWhenUnavailable(JwtBearerChallengeContext context)
    {
        if (!context.HttpContext.Items.ContainsKey(Unavailable))
        {
            return;
        }
        context.HandleResponse();
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "5";
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = "The token authority's keys cannot be fetched; retry shortly.",
            },
        });
    }

    // Ready only when tokens can be validated: with an authority, its keys are known
    // (fetched now, or cached from before while it is down).
    internal sealed class ReadyCheck(IOptionsMonitor<JwtBearerOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            if (options.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager is not { } authority)
            {
                return HealthCheckResult.Healthy("Tokens are validated with the signing key.");
            }
            try
            {
                await authority.GetConfigurationAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (InvalidOperationException exception)
            {
                return HealthCheckResult.Unhealthy("The token authority's keys cannot be fetched.", exception);
            }
        }
    }
}
