using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Empfio.Leads.Api.Infrastructure.Hosting;

public static class ObservabilityExtensions
{
    public const string ServiceName = "empfio-leads";

    public static WebApplicationBuilder AddLeadsObservability(this WebApplicationBuilder builder)
    {
        // Every log entry carries the trace and span of the request it belongs to.
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!builder.Environment.IsDevelopment())
        {
            // One JSON object per line on stdout, for the log collector.
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        // Traces and metrics are collected and exported only when there is somewhere to send
        // them. (Logs have trace ids either way: ASP.NET Core starts an activity for every
        // request while logging is on.)
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService(ServiceName))
                .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddNpgsql())
                .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter("Npgsql"))
                .UseOtlpExporter();
        }
        return builder;
    }
}
