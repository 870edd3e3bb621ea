using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Empfio.Leads.Api.Tests.Fixtures;

public sealed record ProcessResult(int ExitCode, string Output, string Error);

// The built service run as its own process (`dotnet Empfio.Leads.Api.dll ...`), the way
// a container runs it: configured by environment variables only.
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    private ApiProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string ApiDll => Path.Combine(AppContext.BaseDirectory, "Empfio.Leads.Api.dll");

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public static Dictionary<string, string?> ValidEnvironment(string connectionString) => new()
    {
        ["ConnectionStrings__Leads"] = connectionString,
        ["Auth__Issuer"] = TestTokens.Issuer,
        ["Auth__Audience"] = TestTokens.Audience,
        ["Auth__SigningKey"] = TestTokens.SigningKey,
    };

    public static ApiProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        StartIn(AppContext.BaseDirectory, environment, arguments);

    // The service from the folder it was built or published to, started as its image does.
    public static ApiProcess StartIn(string directory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(Path.Combine(directory, "Empfio.Leads.Api.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // Nothing inherited may configure the service: only what the test gives.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Auth__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Database__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Proxy__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Shutdown__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        return new ApiProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        await using var api = Start(environment, arguments);
        return await api.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task<ProcessResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
        process.WaitForExit(); // flushes the redirected streams
        return new ProcessResult(process.ExitCode, Snapshot(output), Snapshot(error));
    }

    public string OutputSoFar => Snapshot(output);

    // SIGTERM, as a container runtime stops a container (Process.Kill would be SIGKILL).
    public void Terminate()
    {
        if (Kill(process.Id, Sigterm) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed.");
        }
    }

    private const int Sigterm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Snapshot(StringBuilder buffer)
    {
        lock (buffer) return buffer.ToString();
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
