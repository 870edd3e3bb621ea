namespace Empfio.Leads.Api.Infrastructure.Http;

// Every query parameter of the API takes one value. Binding would join repeats with
// commas ("search=a&search=b" read as "a,b"), so a repeated parameter is a 400 naming it.
public sealed class SingleValuedQuery : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var repeated = context.HttpContext.Request.Query
            .Where(parameter => parameter.Value.Count > 1)
            .ToDictionary(parameter => parameter.Key, parameter => new[] { $"'{parameter.Key}' must be given at most once." });
        return repeated.Count == 0 ? await next(context) : TypedResults.ValidationProblem(repeated);
    }
}
