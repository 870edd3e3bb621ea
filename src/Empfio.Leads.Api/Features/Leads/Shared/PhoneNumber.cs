using System.Text;
using System.Text.RegularExpressions;

namespace Empfio.Leads.Api.Features.Leads;

// Callers pass numbers the way people write them ("+49 (30) 123-456.78"); we store E.164.
public static partial class PhoneNumber
{
    // Null when what is left after removing the separators is not '+' and 8 to 15 digits.
    public static string? Normalize(string raw)
    {
        var compact = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                compact.Append(c);
            }
        }

        var normalized = compact.ToString();
        return E164().IsMatch(normalized) ? normalized : null;
    }

    [GeneratedRegex(@"^\+[0-9]{8,15}\z")]
    private static partial Regex E164();
}
