namespace Empfio.Leads.Api.Infrastructure.Http;

// Runs the FluentValidation validator of T on the endpoint's T argument; a failure is a
// 400 problem whose errors are keyed by the wire (snake_case) field names.
public sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var argument = context.Arguments.OfType<T>().Single();
        var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
        return result.IsValid ? await next(context) : TypedResults.ValidationProblem(result.ToDictionary());
    }
}
