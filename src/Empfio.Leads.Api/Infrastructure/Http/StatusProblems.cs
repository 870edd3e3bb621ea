using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Empfio.Leads.Api.Infrastructure.Http;

// Problem details (application/problem+json) whose type names the status, so that a slice's
// return type lists every status it answers, as TodoApi's Results<Ok<T>, NotFound> do:
// Results<Ok<Lead>, NotFoundProblem>. Each declares its response for the OpenAPI document
// from the type alone. Written like TypedResults.Problem (through the problem details
// service, so every problem carries the same extensions).
public abstract class StatusProblem(ProblemDetails problem) : IResult, IStatusCodeHttpResult
{
    public int StatusCode => problem.Status ?? StatusCodes.Status500InternalServerError;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(problem).ExecuteAsync(httpContext);

    protected static ProblemDetails Details(int status, string title, string detail, IDictionary<string, object?>? extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[name] = value;
        }
        return problem;
    }

    protected static void Declare(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
}

public sealed class NotFoundProblem(string title, string detail)
    : StatusProblem(Details(StatusCodes.Status404NotFound, title, detail, null)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status404NotFound);
}

public sealed class ConflictProblem(string title, string detail, IDictionary<string, object?>? extensions = null)
    : StatusProblem(Details(StatusCodes.Status409Conflict, title, detail, extensions)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status409Conflict);
}

public sealed class GoneProblem(string title, string detail)
    : StatusProblem(Details(StatusCodes.Status410Gone, title, detail, null)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status410Gone);
}

public sealed class PreconditionFailedProblem(string title, string detail)
    : StatusProblem(Details(StatusCodes.Status412PreconditionFailed, title, detail, null)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status412PreconditionFailed);
}
