using System.Net.Mail;
using System.Text;
using System.Text.Json;
using FluentValidation;

namespace Empfio.Leads.Api.Features.Leads;

// Field rules shared by the slices that accept the same fields (create and update, the
// list's search). Limits here are the service's contract; the database relies on them.
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
    public const string MetadataLimits =
        "A JSON object of at most 64 KiB and 10 levels; numbers within a double's range; no key 'notes' (the notes endpoint's).";

    // PostgreSQL text cannot hold NUL, and UTF-8 cannot encode a lone surrogate: both
    // would fail in the database, so they are refused here with the field's name.
    public static IRuleBuilderOptions<T, string?> StorableText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => value is null || IsStorable(value))
            .WithMessage("'{PropertyName}' must not contain NUL characters or invalid Unicode.");

    public static IRuleBuilderOptions<T, string?> LeadName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => !string.IsNullOrWhiteSpace(value))
            .WithMessage("'{PropertyName}' is required and must not be blank.")
            .Must(value => value is null || value.Trim().Length <= NameMaxLength)
            .WithMessage($"'{{PropertyName}}' must be at most {NameMaxLength} characters.")
            .StorableText();

    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlyList<string> allowed) =>
        rule.Must(value => value is null || allowed.Contains(value))
            .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", allowed)}.");

    // An optional text sent empty or blank means "no value", like null. Generated clients
    // that leave nulls out of the JSON can still clear a field by sending "".
    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static IRuleBuilderOptions<T, string?> Phone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(PhoneMaxLength)
            .Must(value => NullIfBlank(value) is null || PhoneNumber.Normalize(value!) is not null)
            .WithMessage("'{PropertyName}' must be an E.164 number: '+' and 8 to 15 digits (spaces, dashes, dots and parentheses are ignored).");

    public static IRuleBuilderOptions<T, string?> Email<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(EmailMaxLength)
            .Must(value => NullIfBlank(value) is null || IsEmailAddress(value!))
            .WithMessage("'{PropertyName}' must be a valid e-mail address.");

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength).StorableText();

    public static void PreferredServices<T>(this IRuleBuilder<T, string[]?> rule) =>
        rule.Must(items => items is null || items.Length <= PreferredServicesMaxItems)
            .WithMessage($"'{{PropertyName}}' must have at most {PreferredServicesMaxItems} items.")
            .ForEach(item => item
                .Must(value => !string.IsNullOrWhiteSpace(value))
                .WithMessage("'{PropertyName}' must not be null or blank.")
                .MaximumLength(PreferredServiceMaxLength)
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
        if (metadata.TryGetProperty("notes", out _))
        {
            return "'metadata.notes' belongs to the notes endpoint (POST /api/v1/leads/{lead_id}/notes) and cannot be set here.";
        }
        if (Encoding.UTF8.GetByteCount(metadata.GetRawText()) > MetadataMaxBytes)
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
                    if (!IsStorable(property.Name))
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

    private static bool IsEmailAddress(string value) =>
        !value.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.DisplayName.Length == 0;
}
