using System.Net;
using System.Text.RegularExpressions;

namespace Empfio.Leads.Api.Tests.Fixtures;

[CollectionDefinition(Name)]
public sealed class PublishedServiceCollection : ICollectionFixture<PublishedService>
{
    public const string Name = "published service";
}

// The service as its container image holds it: published with the Dockerfile's own
// `dotnet publish` command, started with the Dockerfile's entry point, configured by
// environment variables only. Published once per test run.
public sealed partial class PublishedService : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"empfio-leads-published-{Guid.NewGuid():N}");

    public string PublishCommand { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(Checkout.Root, "Dockerfile"));
        var publish = PublishInstruction().Match(dockerfile.Replace("\\\n", " "));
        if (!publish.Success)
        {
            throw new InvalidOperationException("The Dockerfile has no `RUN dotnet publish ... --output /app` instruction.");
        }
        var arguments = Regex.Split(publish.Groups["args"].Value.Trim(), @"\s+").ToList();
        arguments[arguments.IndexOf("/app")] = Directory;
        PublishCommand = "dotnet " + string.Join(' ', arguments);

        var result = await ProcessRunner.RunAsync(Checkout.Root, "dotnet", [.. arguments]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{PublishCommand} failed:\n{result.Output}\n{result.Error}");
        }
        // The image never holds development settings (.dockerignore keeps them out).
        File.Delete(Path.Combine(Directory, "appsettings.Development.json"));
    }

    // Started like the image's ENTRYPOINT, listening where ASPNETCORE_HTTP_PORTS says.
    public (ApiProcess Service, HttpClient Http) Start(Dictionary<string, string?> environment)
    {
        var port = ApiProcess.FreePort();
        environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var service = ApiProcess.StartIn(Directory, environment);
        var http = new HttpClient(new DocumentedExchanges { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        return (service, http);
    }

    public static async Task<TimeSpan> WaitUntilReadyAsync(HttpClient http, ApiProcess service, TimeSpan? within = null)
    {
        var started = DateTime.UtcNow;
        var deadline = started + (within ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline && !service.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return DateTime.UtcNow - started;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The service did not become ready. Its output:\n{service.OutputSoFar}");
    }

    public ValueTask DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"RUN\s+dotnet\s+(?<args>publish\b[^\n]*)")]
    private static partial Regex PublishInstruction();
}
