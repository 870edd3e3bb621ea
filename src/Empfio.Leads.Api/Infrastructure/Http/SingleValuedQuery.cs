namespace Empfio.Leads.Api.Infrastructure.Http;

// Query parameters take one value unless a route group names them repeatable. Binding
// would join repeats with commas ("search=a&search=b" read as "a,b"), so a repeated
// parameter is a 400 naming it.
public sealed class SingleValuedQuery(params string[] repeatable) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var repeated = context.HttpContext.Request.Query
            .Where(parameter => parameter.Value.Count > 1 && !repeatable.Contains(parameter.Key))
            .ToDictionary(parameter => parameter.Key, parameter => new[] { $"'{parameter.Key}' must be given at most once." });
        return repeated.Count == 0 ? await next(context) : TypedResults.ValidationProblem(repeated);
    }
}
