using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Empfio.Leads.Api.Features.Leads;

// Field rules shared by the slices that accept the same fields (create and update, the
// list's search). Limits here are the service's contract; the database relies on them.
// Lengths count characters as JSON Schema's maxLength does: Unicode code points, so an
// emoji is one character (two UTF-16 units in .NET).
public static class LeadRules
{
    public const int NameMaxLength = 200;
    public const int CompanyMaxLength = 200;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 32;
    public const int ChannelIdMaxLength = 256;
    public const int AppointmentNotesMaxLength = 4_000;
    public const int PreferredServicesMaxItems = 50;
    public const int PreferredServiceMaxLength = 100;
    public const int NoteMaxLength = 10_000;
    public const int SearchMaxLength = 100;
    public const int MetadataMaxBytes = 64 * 1024;
    public const int MetadataMaxDepth = 10;
    // An attribute's text must be a constant: Unit/DocumentationTextTests checks it against
    // the limits above.
    public const string MetadataLimits =
        "A JSON object of at most 64 KiB and 10 levels; numbers within a double's range; no key 'notes' (the notes endpoint's).";

    // Rules that JSON Schema can state are patterns, written once here for both the
    // document ([RegularExpression] becomes "pattern") and the validators. They use only
    // what ECMA-262 (the document's dialect) and .NET read alike: explicit character
    // classes, no \s, \d or \w (whose sets differ between the two).
    //
    // What counts as blank: exactly char.IsWhiteSpace (Unicode White_Space), which is
    // what string.Trim and string.IsNullOrWhiteSpace use.
    public const string Space = @"\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
    // Any text without NUL (PostgreSQL text cannot hold it).
    public const string TextPattern = @"^[^\u0000]*$";
    // Text that is not blank: at least one character other than white space.
    public const string NonBlankTextPattern = @"^[^\u0000]*[^\u0000" + Space + @"][^\u0000]*$";
    // Nothing but white space: "no value" for an optional text.
    private const string Blank = "[" + Space + "]*";
    // An address as mail servers route it: a dot-atom local part of at most 64 ASCII
    // characters, '@', and a domain name of letter/digit/hyphen labels with at least one
    // dot. The same rule as the strict "email" format of JSON Schema validators (ajv),
    // so every address stored also passes their format check.
    private const string Address =
        @"(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*" +
        @"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    public const string EmailPattern = "^" + Address + "$";
    public const string EmailOrBlankPattern = "^(" + Blank + "|" + Address + ")$";
    // '+' and 8 to 15 digits; spaces, dashes, dots and parentheses anywhere are ignored.
    private const string PhoneSeparators = @"[ .()-]*";
    public const string PhoneOrBlankPattern = "^(" + Blank + "|" + PhoneSeparators + @"\+(" + PhoneSeparators + "[0-9]){8,15}" + PhoneSeparators + ")$";
    // How a phone is stored and returned: E.164.
    public const string StoredPhonePattern = @"^\+[0-9]{8,15}$";
    // No control characters (Unicode Cc, which is char.IsControl), NUL and line breaks included.
    public const string NoControlPattern = @"^[^\u0000-\u001F\u007F-\u009F]*$";

    // A pattern as .NET must run it: "$" is the end of the text, as in ECMA-262
    // (in .NET it would also match before a final line break).
    public static Regex Pattern(string pattern) =>
        new(pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern, RegexOptions.CultureInvariant);

    private static readonly Regex EmailAddress = Pattern(EmailPattern);
    private static readonly Regex PhoneOrBlank = Pattern(PhoneOrBlankPattern);

    public static int Characters(string value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            count++;
        }
        return count;
    }

    public static IRuleBuilderOptions<T, string?> MaxCharacters<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.Must(value => value is null || Characters(value) <= maxLength)
            .WithMessage($"'{{PropertyName}}' must be at most {maxLength} characters.");

    // PostgreSQL text cannot hold NUL, and UTF-8 cannot encode a lone surrogate: both
    // would fail in the database, so they are refused here with the field's name.
    public static IRuleBuilderOptions<T, string?> StorableText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => value is null || IsStorable(value))
            .WithMessage("'{PropertyName}' must not contain NUL characters or invalid Unicode.");

    public static IRuleBuilderOptions<T, string?> LeadName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => !string.IsNullOrWhiteSpace(value))
            .WithMessage("'{PropertyName}' is required and must not be blank.")
            .MaxCharacters(NameMaxLength)
            .StorableText();

    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlyList<string> allowed) =>
        rule.Must(value => value is null || allowed.Contains(value))
            .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", allowed)}.");

    // An optional text sent empty or blank means "no value", like null. Generated clients
    // that leave nulls out of the JSON can still clear a field by sending "".
    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static IRuleBuilderOptions<T, string?> Phone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaxCharacters(PhoneMaxLength)
            .Must(value => value is null || PhoneOrBlank.IsMatch(value))
            .WithMessage("'{PropertyName}' must be an E.164 number: '+' and 8 to 15 digits (spaces, dashes, dots and parentheses are ignored).");

    public static IRuleBuilderOptions<T, string?> Email<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaxCharacters(EmailMaxLength)
            .Must(value => NullIfBlank(value) is null || EmailAddress.IsMatch(value!))
            .WithMessage("'{PropertyName}' must be a valid e-mail address.");

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaxCharacters(maxLength).StorableText();

    public static void PreferredServices<T>(this IRuleBuilder<T, string[]?> rule) =>
        rule.Must(items => items is null || items.Length <= PreferredServicesMaxItems)
            .WithMessage($"'{{PropertyName}}' must have at most {PreferredServicesMaxItems} items.")
            .ForEach(item => item
                .Must(value => !string.IsNullOrWhiteSpace(value))
                .WithMessage("'{PropertyName}' must not be null or blank.")
                .MaxCharacters(PreferredServiceMaxLength)
                .StorableText());

    public static IRuleBuilderOptionsConditions<T, JsonElement?> Metadata<T>(this IRuleBuilder<T, JsonElement?> rule) =>
        rule.Custom((metadata, context) =>
        {
            if (metadata is not { } value)
            {
                return;
            }
            if (MetadataProblem(value) is { } problem)
            {
                context.AddFailure(context.PropertyPath, problem);
            }
        });

    private static string? MetadataProblem(JsonElement metadata)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            return "'metadata' must be a JSON object.";
        }
        // The parser leaves a string's bytes unchecked until it is read: malformed UTF-8
        // anywhere inside is refused before any of it is read as text.
        if (!Utf8.IsValid(JsonMarshal.GetRawUtf8Value(metadata)))
        {
            return "'metadata' must be valid UTF-8.";
        }
        if (metadata.TryGetProperty("notes", out _))
        {
            return "'metadata.notes' belongs to the notes endpoint (POST /api/v1/leads/{lead_id}/notes) and cannot be set here.";
        }
        if (JsonMarshal.GetRawUtf8Value(metadata).Length > MetadataMaxBytes)
        {
            return $"'metadata' must be at most {MetadataMaxBytes} bytes of JSON.";
        }
        return ValueProblem(metadata, depth: 1);
    }

    private static string? ValueProblem(JsonElement value, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (depth > MetadataMaxDepth)
                {
                    return $"'metadata' must not be nested deeper than {MetadataMaxDepth} levels.";
                }
                foreach (var property in value.EnumerateObject())
                {
                    if (TryGetName(property) is not { } name || !IsStorable(name))
                    {
                        return "'metadata' keys must not contain NUL characters or invalid Unicode.";
                    }
                    if (ValueProblem(property.Value, depth + 1) is { } problem)
                    {
                        return problem;
                    }
                }
                return null;
            case JsonValueKind.Array:
                if (depth > MetadataMaxDepth)
                {
                    return $"'metadata' must not be nested deeper than {MetadataMaxDepth} levels.";
                }
                foreach (var item in value.EnumerateArray())
                {
                    if (ValueProblem(item, depth + 1) is { } problem)
                    {
                        return problem;
                    }
                }
                return null;
            case JsonValueKind.String:
                return TryGetString(value) is { } text && IsStorable(text)
                    ? null
                    : "'metadata' strings must not contain NUL characters or invalid Unicode.";
            case JsonValueKind.Number:
                return IsStorableNumber(value)
                    ? null
                    : "'metadata' numbers must be within the range of a double-precision number.";
            default:
                return null;
        }
    }

    private static string? TryGetString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to unescape a lone surrogate such as "\ud800".
            return null;
        }
    }

    private static string? TryGetName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    // PostgreSQL's numeric type overflows on exponents far beyond a double's; keeping
    // numbers within a double's range (no overflow, no underflow to zero) is what JSON
    // parsers on the other side can read back anyway.
    private static bool IsStorableNumber(JsonElement value)
    {
        if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return false;
        }
        if (number != 0)
        {
            return true;
        }
        var raw = value.GetRawText();
        var exponentAt = raw.IndexOfAny(['e', 'E']);
        var mantissa = exponentAt < 0 ? raw : raw[..exponentAt];
        return !mantissa.Any(c => c is >= '1' and <= '9');
    }

    private static bool IsStorable(string value)
    {
        if (value.Contains('\0'))
        {
            return false;
        }
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }
        return true;
    }
}
