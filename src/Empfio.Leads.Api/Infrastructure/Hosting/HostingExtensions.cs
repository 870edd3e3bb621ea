using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Empfio.Leads.Api.Infrastructure.Hosting;

// The section Proxy: comma-separated addresses and CIDR networks whose X-Forwarded-For/-Proto
// are believed (Proxy__KnownProxies, Proxy__KnownNetworks). Unset: loopback only.
public sealed class ProxyOptions
{
    public string? KnownProxies { get; set; }
    public string? KnownNetworks { get; set; }
}

// The section Shutdown: how long in-flight requests may take to finish after SIGTERM
// (Shutdown__TimeoutSeconds).
public sealed class ShutdownOptions
{
    public int TimeoutSeconds { get; set; } = 30;
}

public static class HostingExtensions
{
    public static IServiceCollection AddLeadsHosting(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>()
            .BindConfiguration("Proxy")
            .Validate(o => List(o.KnownProxies).All(p => IPAddress.TryParse(p, out _)),
                "Proxy:KnownProxies (Proxy__KnownProxies) must be comma-separated IP addresses.")
            .Validate(o => List(o.KnownNetworks).All(n => System.Net.IPNetwork.TryParse(n, out _)),
                "Proxy:KnownNetworks (Proxy__KnownNetworks) must be comma-separated CIDR networks such as 10.0.0.0/8.")
            .ValidateOnStart();
        services.AddOptions<ShutdownOptions>()
            .BindConfiguration("Shutdown")
            .Validate(o => o.TimeoutSeconds is > 0 and <= 3600,
                "Shutdown:TimeoutSeconds (Shutdown__TimeoutSeconds) must be from 1 to 3600.")
            .ValidateOnStart();

        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<ProxyOptions>>((forwarded, trusted) =>
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                var proxies = List(trusted.Value.KnownProxies).Select(IPAddress.Parse).ToList();
                var networks = List(trusted.Value.KnownNetworks).Select(n => System.Net.IPNetwork.Parse(n)).ToList();
                if (proxies.Count == 0 && networks.Count == 0)
                {
                    proxies.Add(IPAddress.IPv6Loopback);
                    networks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
                }
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                // Kestrel's dual-stack socket shows IPv4 peers as ::ffff:a.b.c.d: trust both forms.
                foreach (var proxy in proxies)
                {
                    forwarded.KnownProxies.Add(proxy);
                    if (proxy.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                    {
                        forwarded.KnownProxies.Add(proxy.MapToIPv6());
                    }
                }
                foreach (var network in networks)
                {
                    forwarded.KnownIPNetworks.Add(network);
                    if (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                    {
                        forwarded.KnownIPNetworks.Add(new System.Net.IPNetwork(network.BaseAddress.MapToIPv6(), network.PrefixLength + 96));
                    }
                }
            });

        // SIGTERM: Kestrel stops accepting, in-flight requests get this long, then the host
        // disposes the data source (closing the pool) and the process exits 0.
        services.AddOptions<HostOptions>()
            .Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
                host.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.Value.TimeoutSeconds));
        return services;
    }

    // First in the pipeline: the client's scheme and address are known before anything
    // logs or builds a Location from them.
    public static WebApplication UseLeadsHosting(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestLogging>();
        return app;
    }

    private static string[] List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
