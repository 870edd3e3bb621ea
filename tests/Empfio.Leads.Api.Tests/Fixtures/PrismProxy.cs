using System.Diagnostics;
using System.Text;

namespace Empfio.Leads.Api.Tests.Fixtures;

// Stoplight Prism (pinned in tests/typescript) as a validating proxy in front of a running
// service: `prism proxy openapi/leads-api.v1.json <upstream>`. It forwards every request
// and reports where a request or response differs from the document in the
// `sl-violations` response header.
public sealed class PrismProxy : IAsyncDisposable
{
    public const string ViolationsHeader = "sl-violations";

    private readonly Process process;
    private readonly StringBuilder log = new();

    private PrismProxy(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    public static async Task<PrismProxy> StartAsync(Uri upstream)
    {
        var folder = Path.Combine(Checkout.Root, "tests", "typescript");
        var port = ApiProcess.FreePort();
        var start = new ProcessStartInfo(Path.Combine(folder, "node_modules", ".bin", "prism"))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "proxy", Path.Combine(Checkout.Root, "openapi", "leads-api.v1.json"), upstream.ToString().TrimEnd('/'),
                     "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }
        var prism = new PrismProxy(
            Process.Start(start) ?? throw new InvalidOperationException("prism did not start."),
            new Uri($"http://127.0.0.1:{port}"));
        prism.process.OutputDataReceived += (_, e) => { lock (prism.log) prism.log.AppendLine(e.Data); };
        prism.process.ErrorDataReceived += (_, e) => { lock (prism.log) prism.log.AppendLine(e.Data); };
        prism.process.BeginOutputReadLine();
        prism.process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!prism.Log.Contains("Prism is listening", StringComparison.Ordinal))
        {
            if (prism.process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Prism did not start listening:\n{prism.Log}");
            }
            await Task.Delay(100);
        }
        return prism;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
