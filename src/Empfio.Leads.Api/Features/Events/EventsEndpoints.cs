namespace Empfio.Leads.Api.Features.Events;

public static class EventsEndpoints
{
    public static IServiceCollection AddLeadsEvents(this IServiceCollection services)
    {
        services.AddOptions<EventsOptions>()
            .BindConfiguration("Events")
            .Validate(o => o.RetentionDays >= 1, "Events:RetentionDays (Events__RetentionDays) must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<EventRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<EventRetention>());
        return services;
    }

    // Like the leads group: a bearer token that names exactly one tenant, whose events only
    // it sees. type is the one query parameter that may be repeated.
    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/api/v1/events")
            .RequireAuthorization(AuthExtensions.TenantPolicy)
            .AddEndpointFilter(new SingleValuedQuery(repeatable: "type"))
            .WithTags("Events")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        events.MapListEvents();
        events.MapGetEventsCursor();
        return app;
    }
}
