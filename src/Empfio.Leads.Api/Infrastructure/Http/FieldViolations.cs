using Microsoft.AspNetCore.Mvc;

namespace Empfio.Leads.Api.Infrastructure.Http;

// A validation problem's field errors also as a typed list, [{"field", "message"}], beside
// the "errors" map: generators that cannot type a map of arrays (Kiota) can type this.
// Added once, as every problem is written (AddProblemDetails), so no slice repeats it.
public static class FieldViolations
{
    public const string Property = "violations";

    public sealed record FieldViolation(string Field, string Message);

    public static void Add(ProblemDetails problem)
    {
        if (problem is HttpValidationProblemDetails validation)
        {
            var violations = validation.Errors
                .SelectMany(error => error.Value.Select(message => new FieldViolation(error.Key, message)))
                .ToList();
            problem.Extensions[Property] = violations;
            // The detail is the message a generated client's exception shows: say what is wrong.
            problem.Detail ??= $"The request is not valid: {string.Join(" ", violations.Select(v => v.Message))}";
        }
    }
}
