using System.Text.RegularExpressions;

namespace Empfio.Leads.Api.Infrastructure.Configuration;

public static partial class ConfigurationCheck
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
        catch (InvalidOperationException exception) when (UnconvertibleKey().Match(exception.Message) is { Success: true } match)
        {
            // Binding itself failed ("Auth__RequireHttpsMetadata=maybe" for a bool).
            var key = match.Groups["key"].Value;
            return [$"{key} ({key.Replace(":", "__", StringComparison.Ordinal)}) must be a {match.Groups["type"].Value.Replace("System.", "", StringComparison.Ordinal)}."];
        }
    }

    [GeneratedRegex(@"Failed to convert configuration value(?: '.*?')? at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex UnconvertibleKey();
}
