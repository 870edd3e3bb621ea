using Microsoft.Extensions.Options;

namespace Empfio.Leads.Api.Infrastructure.Configuration;

public static class ConfigurationCheck
{
    // Every failure of the options validated on start (ValidateOnStart), so that one
    // message can name all missing or invalid keys before anything runs.
    public static IReadOnlyList<string> ConfigurationFailures(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException exception)
        {
            return exception.Failures.ToList();
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is OptionsValidationException))
        {
            return exception.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        }
    }
}
