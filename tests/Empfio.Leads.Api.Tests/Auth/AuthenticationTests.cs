using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;
using Microsoft.IdentityModel.Tokens;

namespace Empfio.Leads.Api.Tests.Auth;

public sealed class AuthenticationTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    public static TheoryData<string, string> EveryEndpoint() => new()
    {
        { "GET", Leads },
        { "GET", $"{Leads}/{Guid.NewGuid()}" },
        { "POST", Leads },
        { "PATCH", $"{Leads}/{Guid.NewGuid()}" },
        { "DELETE", $"{Leads}/{Guid.NewGuid()}" },
        { "POST", $"{Leads}/{Guid.NewGuid()}/notes" },
    };

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "wrong signing key", TestTokens.Create("t1", signingKey: "another-signing-key-that-is-32-bytes-or-more") },
        { "wrong issuer", TestTokens.Create("t1", issuer: "https://evil.example.com") },
        { "wrong audience", TestTokens.Create("t1", audience: "some-other-api") },
        { "expired", TestTokens.Create("t1", expires: DateTime.UtcNow.AddMinutes(-5)) },
        { "no expiry", TestTokens.Create("t1", withExpiry: false) },
        { "alg none", TestTokens.Unsigned("t1") },
        { "not a JWT", "not-a-token" },
        { "tampered payload", Tamper(TestTokens.Create("t1")) },
        { "HS512 with the right key (only HS256 is configured)", TestTokens.Create("t1", signingCredentials: new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.SigningKey + TestTokens.SigningKey)), SecurityAlgorithms.HmacSha512)) },
        { "RS256 with a key of its own", TestTokens.Create("t1", signingCredentials: new SigningCredentials(
            new RsaSecurityKey(RSA.Create(2048)), SecurityAlgorithms.RsaSha256)) },
        { "expired beyond the clock skew", TestTokens.Create("t1", expires: DateTime.UtcNow.AddSeconds(-61)) },
    };

    [Theory]
    [MemberData(nameof(EveryEndpoint))]
    public async Task EveryLeadsEndpoint_WithoutAToken_Returns401ProblemWithBearerChallenge(string method, string url)
    {
        var response = await api.Anonymous().SendAsync(Request(method, url));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task ListLeads_WithAnInvalidToken_Returns401(string why, string token)
    {
        var response = await api.WithToken(token).GetAsync(Leads);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle(because: why).Which.Scheme.Should().Be("Bearer");
    }

    [Fact]
    public async Task CreateLead_WithAnInvalidToken_Returns401AndCreatesNothing()
    {
        var tenant = LeadsApi.NewTenant();

        var response = await api.WithToken(TestTokens.Create(tenant, issuer: "https://evil.example.com"))
            .PostJsonAsync(Leads, """{"name": "Jane", "channel": "web"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var page = await (await api.ClientFor(tenant).GetAsync(Leads)).ShouldBeAsync(HttpStatusCode.OK);
        page.GetProperty("total").GetInt64().Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(EveryEndpoint))]
    public async Task EveryLeadsEndpoint_WithAValidTokenWithoutTenant_Returns403Problem(string method, string url)
    {
        var response = await api.WithToken(TestTokens.Create(tenant: null)).SendAsync(Request(method, url));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListLeads_WithAnEmptyTenantClaim_Returns403()
    {
        var response = await api.WithToken(TestTokens.Create(tenant: "  ")).GetAsync(Leads);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListLeads_WithTwoTenantClaims_Returns403()
    {
        var token = TestTokens.Create(tenant: null, extraClaims: new Dictionary<string, object> { ["tenant_id"] = new[] { "a", "b" } });

        var response = await api.WithToken(token).GetAsync(Leads);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    public static TheoryData<string, object> TenantClaimsThatAreNotStrings() => new()
    {
        { "an integer", 42 },
        { "a fraction", 42.0001 },
        { "a boolean", true },
        { "an object", new Dictionary<string, object> { ["id"] = "own-tenant" } },
        { "an array of one string", new[] { "own-tenant" } },
    };

    [Theory]
    [MemberData(nameof(TenantClaimsThatAreNotStrings))]
    public async Task EveryLeadsEndpoint_WithATenantClaimThatIsNotAString_Returns403(string why, object tenant)
    {
        var token = TestTokens.Create(tenant: null, extraClaims: new Dictionary<string, object> { ["tenant_id"] = tenant });
        var client = api.WithToken(token);

        foreach (var row in EveryEndpoint())
        {
            var response = await client.SendAsync(Request(row.Data.Item1, row.Data.Item2));
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
        why.Should().NotBeEmpty();
    }

    [Fact]
    public async Task ATokenWithTheNumber42_DoesNotReadTheLeadsOfTenant42()
    {
        var tenant = $"{Random.Shared.Next(100_000, int.MaxValue)}";
        var lead = await api.ClientFor(tenant).CreateLeadAsync();
        var numeric = TestTokens.Create(tenant: null, extraClaims: new Dictionary<string, object> { ["tenant_id"] = long.Parse(tenant) });

        var response = await api.WithToken(numeric).GetAsync($"{Leads}/{lead.Id()}");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ATokenValidWithinTheClockSkew_IsAccepted()
    {
        var response = await api.WithToken(TestTokens.Create(LeadsApi.NewTenant(), expires: DateTime.UtcNow.AddSeconds(-5))).GetAsync(Leads);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static HttpRequestMessage Request(string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PATCH")
        {
            request.Content = new StringContent("""{"name": "Jane", "channel": "web", "content": "x"}""");
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        return request;
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace("\"t1\"", "\"t2\"");
        return $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }
}
