using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Empfio.Leads.Api.Infrastructure.Auth;

// The `token` verb: mints a token signed with the configured Auth:SigningKey, for
// development and manual testing. It can only sign with a key the caller already has.
public static class DevelopmentTokens
{
    public const string Usage = "usage: Empfio.Leads.Api token --tenant TENANT [--email EMAIL] [--sub SUBJECT] [--scope \"leads:read leads:write\"] [--hours N]";

    public static int Print(IConfiguration configuration, string[] args)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var options = ParseArguments(args);
        if (options is null || !options.TryGetValue("tenant", out var tenant))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (string.IsNullOrWhiteSpace(auth.SigningKey) || string.IsNullOrWhiteSpace(auth.Issuer) || string.IsNullOrWhiteSpace(auth.Audience))
        {
            Console.Error.WriteLine("Configuration error: the token verb needs Auth__Issuer, Auth__Audience and Auth__SigningKey.");
            return 1;
        }

        var hours = options.TryGetValue("hours", out var h) && int.TryParse(h, out var parsed) ? parsed : 12;
        var claims = new List<Claim>
        {
            new(TenantClaims.TenantIdClaim, tenant),
            new("scope", options.GetValueOrDefault("scope") ?? "leads:read leads:write"),
        };
        claims.Add(new Claim("sub", options.GetValueOrDefault("sub") ?? options.GetValueOrDefault("email") ?? "developer"));
        if (options.TryGetValue("email", out var email))
        {
            claims.Add(new Claim("email", email));
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddHours(hours),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        Console.WriteLine(token);
        return 0;
    }

    private static Dictionary<string, string>? ParseArguments(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }
}
