using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Operations;

[Trait(Tier.Name, Tier.Full)]
public sealed class ConfigurationTests
{
    private const string SomeConnectionString = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none";

    [Theory]
    [InlineData("ConnectionStrings__Leads")]
    [InlineData("Auth__Issuer")]
    [InlineData("Auth__Audience")]
    [InlineData("Auth__SigningKey")]
    public async Task Startup_WithARequiredKeyMissing_StopsWithOneLineNamingIt(string key)
    {
        var environment = ApiProcess.ValidEnvironment(SomeConnectionString);
        environment.Remove(key);

        var result = await ApiProcess.RunAsync(environment);

        result.ExitCode.Should().Be(1);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle().Which.Should().Contain(key);
    }

    [Theory]
    [InlineData("Auth__SigningKey", "too-short")]
    [InlineData("Auth__Authority", "not a url")]
    [InlineData("ConnectionStrings__Leads", "Host=x;NoSuchKeyword=1")]
    [InlineData("Events__RetentionDays", "0")]
    [InlineData("Events__RetentionDays", "ninety")]
    public async Task Startup_WithAnInvalidValue_StopsWithOneLineNamingTheKey(string key, string value)
    {
        var environment = ApiProcess.ValidEnvironment(SomeConnectionString);
        environment[key] = value;

        var result = await ApiProcess.RunAsync(environment);

        result.ExitCode.Should().Be(1);
        result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Which.Should().Contain(key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("true")]
    public async Task Startup_WithAnHttpAuthorityAndHttpsMetadataRequired_StopsWithOneLineNamingBothKeys(string? requireHttpsMetadata)
    {
        var environment = ApiProcess.ValidEnvironment(SomeConnectionString);
        environment.Remove("Auth__SigningKey");
        environment["Auth__Authority"] = "http://identity.internal";
        if (requireHttpsMetadata is not null) environment["Auth__RequireHttpsMetadata"] = requireHttpsMetadata;

        var result = await ApiProcess.RunAsync(environment);

        result.ExitCode.Should().Be(1);
        result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle()
            .Which.Should().Contain("Auth__Authority").And.Contain("Auth__RequireHttpsMetadata");
    }

    [Fact]
    public async Task Startup_WithAnInvalidRequireHttpsMetadata_StopsWithOneLineNamingIt()
    {
        var environment = ApiProcess.ValidEnvironment(SomeConnectionString);
        environment["Auth__RequireHttpsMetadata"] = "maybe";

        var result = await ApiProcess.RunAsync(environment);

        result.ExitCode.Should().Be(1);
        result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Which.Should().Contain("Auth__RequireHttpsMetadata");
    }

    [Fact]
    public async Task Startup_WithNothingConfigured_NamesEveryMissingKeyOnOneLine()
    {
        var result = await ApiProcess.RunAsync(new Dictionary<string, string?>());

        result.ExitCode.Should().Be(1);
        var line = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Subject;
        line.Should().Contain("ConnectionStrings__Leads").And.Contain("Auth__Issuer").And.Contain("Auth__Audience")
            .And.Contain("Auth__SigningKey").And.Contain("Auth__Authority");
    }
}
