using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Empfio.Leads.Api.Tests.Auth;

// The production sign-in path: the service configured with Auth__Authority (no signing
// key), trusting a real OIDC authority's discovery document and JWKS over HTTP.
[Trait(Tier.Name, Tier.Full)]
public sealed class AuthorityTests(LeadsApi api)
{
    private const string Leads = ApiRequests.Leads;

    [Fact]
    public async Task TokensOfTheAuthority_AreAccepted_AndAfterAKeyRotationTheNewKeysTokensToo()
    {
        await using var authority = new TestAuthority();
        await authority.StartAsync();
        await using var service = ServiceTrusting(authority);
        var tenant = LeadsApi.NewTenant();

        var before = await Get(service, authority.Token(tenant));
        authority.RotateKey();
        var after = await Get(service, authority.Token(tenant));

        before.StatusCode.Should().Be(HttpStatusCode.OK);
        after.StatusCode.Should().Be(HttpStatusCode.OK, "a token signed with the authority's new key is accepted without a restart");
        (await service.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public static TheoryData<string> ForgedTokens() => ["hmac with the public key", "alg none", "key not in the jwks", "expired"];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task TokensNotSignedByTheAuthoritysKeys_AreRefusedWith401(string forgery)
    {
        await using var authority = new TestAuthority();
        await authority.StartAsync();
        await using var service = ServiceTrusting(authority);
        var tenant = LeadsApi.NewTenant();
        var publicKey = authority.SigningKey.Rsa.ExportSubjectPublicKeyInfoPem();
        var token = forgery switch
        {
            "hmac with the public key" => TestTokens.Create(tenant, signingCredentials: new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(publicKey)) { KeyId = authority.SigningKey.KeyId }, SecurityAlgorithms.HmacSha256)),
            "alg none" => TestTokens.Unsigned(tenant),
            "key not in the jwks" => authority.Token(tenant, signWith: TestAuthority.NewKey()),
            _ => TestTokens.Create(tenant, expires: DateTime.UtcNow.AddMinutes(-5),
                signingCredentials: new SigningCredentials(authority.SigningKey, SecurityAlgorithms.RsaSha256)),
        };

        var response = await Get(service, token);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await Get(service, authority.Token(tenant))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnAuthorityUnreachableAtStartUp_MakesTheServiceNotReady_AndRequests503_UntilItAnswers()
    {
        var authority = new TestAuthority();
        await using var service = ServiceTrusting(authority);
        var tenant = LeadsApi.NewTenant();

        var ready = await service.CreateClient().GetAsync("/health/ready");
        var request = await Get(service, authority.Token(tenant));
        var live = await service.CreateClient().GetAsync("/health/live");

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        live.StatusCode.Should().Be(HttpStatusCode.OK);
        await request.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        request.Headers.RetryAfter.Should().NotBeNull();

        await using (authority)
        {
            await authority.StartAsync();
            (await service.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await Get(service, authority.Token(tenant))).StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task AnAuthorityThatGoesDownLater_KeysAlreadyFetchedKeepWorking()
    {
        await using var authority = new TestAuthority();
        await authority.StartAsync();
        await using var service = ServiceTrusting(authority);
        var tenant = LeadsApi.NewTenant();
        (await Get(service, authority.Token(tenant))).StatusCode.Should().Be(HttpStatusCode.OK);

        await authority.StopAsync();
        var cached = await Get(service, authority.Token(tenant));
        var unknownKey = await Get(service, authority.Token(tenant, signWith: TestAuthority.NewKey()));

        cached.StatusCode.Should().Be(HttpStatusCode.OK);
        (await service.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        ((int)unknownKey.StatusCode).Should().BeOneOf([401, 503], "a key it cannot check is refused, never a 500");
    }

    private WebApplicationFactory<Program> ServiceTrusting(TestAuthority authority) =>
        LeadsApi.CreateFactory(api.Database.ConnectionString, migrateOnStartup: false).WithWebHostBuilder(host =>
        {
            host.UseSetting("Auth:SigningKey", "");
            host.UseSetting("Auth:Authority", authority.Url);
            host.UseSetting("Auth:RequireHttpsMetadata", "false");
        });

    private static Task<HttpResponseMessage> Get(WebApplicationFactory<Program> service, string token)
    {
        var client = service.CreateDefaultClient(new DocumentedExchanges());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.GetAsync(Leads);
    }
}
