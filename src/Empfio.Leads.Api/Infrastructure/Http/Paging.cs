using System.Globalization;
using NJsonSchema;

namespace Empfio.Leads.Api.Infrastructure.Http;

// page and size, as every paged list of the API takes them (leads, a lead's history).
// They arrive as text so that a bad one ("page=abc") is reported by name, like every
// other validation error, instead of failing in binding.
public static class Paging
{
    public const int DefaultPage = 1;
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    public static int PageNumber(string? page) => NumberOr(page, DefaultPage);

    public static int PageSize(string? size) => NumberOr(size, DefaultSize);

    // A validated number parameter, or its default when absent.
    public static int NumberOr(string? text, int absent) => text is null ? absent : ParseNumber(text);

    public static long Offset(int page, int size) => (long)(page - 1) * size;

    // Digits only: no sign, spaces or separators, which the document's "integer" does not allow.
    public static bool TryParseNumber(string text, out int number) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number);

    private static int ParseNumber(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    public static IRuleBuilderOptions<T, string?> PageNumber<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(page => page is null || TryParseNumber(page, out var number) && number >= 1)
            .WithMessage("'{PropertyName}' must be an integer of at least 1.");

    public static IRuleBuilderOptions<T, string?> PageSize<T>(this IRuleBuilder<T, string?> rule) => rule.NumberUpTo(MaxSize);

    // Absent, or an integer from 1 to max (size, the feed's limit).
    public static IRuleBuilderOptions<T, string?> NumberUpTo<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.Must(text => text is null || TryParseNumber(text, out var number) && number >= 1 && number <= max)
            .WithMessage($"'{{PropertyName}}' must be an integer from 1 to {max}.");

    public const string PageDescription = "Page number, from 1.";
    public static readonly string SizeDescription = $"Items per page, 1 to {MaxSize}.";

    public static JsonSchema PageSchema() =>
        new() { Type = JsonObjectType.Integer, Format = "int32", Minimum = 1, Default = DefaultPage };

    public static JsonSchema SizeSchema() =>
        new() { Type = JsonObjectType.Integer, Format = "int32", Minimum = 1, Maximum = MaxSize, Default = DefaultSize };
}
