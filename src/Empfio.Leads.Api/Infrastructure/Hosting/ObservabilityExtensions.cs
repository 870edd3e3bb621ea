using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ZLogger;

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
            // One JSON object per line on stdout, for the log collector. ZLogger formats and
            // writes on a background loop, many lines per write; the built-in console logger
            // costs every request a thread hand-off and a write of its own (a quarter of the
            // service's CPU per request in the benchmark).
            builder.Logging.ClearProviders();
            builder.Logging.AddZLoggerConsole(options =>
            {
                options.IncludeScopes = true;
                // Under overload the request waits for the writer rather than memory growing
                // or lines being lost.
                options.FullMode = BackgroundBufferFullMode.Block;
                options.UseJsonFormatter(json =>
                {
                    json.IncludeProperties = IncludeProperties.Default | IncludeProperties.EventIdValue | IncludeProperties.EventIdName;
                    json.UseUtcTimestamp = true;
                    json.PropertyKeyValuesObjectName = JsonEncodedText.Encode("State");
                });
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
