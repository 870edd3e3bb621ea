using Empfio.Leads.Api.Features.Leads;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Unit;

// The document's patterns state the same rules the service's own code applies: checked
// over every character of the Basic Multilingual Plane, and a table of phone numbers.
public sealed class FieldPatternTests
{
    private static IEnumerable<char> Bmp() =>
        Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(c => !char.IsSurrogate(c));

    [Fact]
    public void NonBlankTextPattern_RefusesExactlyWhatTrimLeavesEmpty_AndNul()
    {
        var pattern = LeadRules.Pattern(LeadRules.NonBlankTextPattern);

        var disagreements = Bmp().Where(c => pattern.IsMatch($"{c}") != (!char.IsWhiteSpace(c) && c != '\0')).ToList();

        disagreements.Select(c => $"U+{(int)c:X4}").Should().BeEmpty();
    }

    [Fact]
    public void NoControlPattern_RefusesExactlyTheControlCharacters()
    {
        var pattern = LeadRules.Pattern(LeadRules.NoControlPattern);

        var disagreements = Bmp().Where(c => pattern.IsMatch($"a{c}b") == char.IsControl(c)).ToList();

        disagreements.Select(c => $"U+{(int)c:X4}").Should().BeEmpty();
    }

    [Theory]
    [InlineData("+49123456789")]
    [InlineData("+49 (30) 123-456.78")]
    [InlineData(" +1 555 010 9999 ")]
    [InlineData("(+49) 123456789")]
    [InlineData("+12345678")]
    [InlineData("+123456789012345")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("49123456789")]
    [InlineData("+49 123 456 789 x")]
    [InlineData("++49123456789")]
    [InlineData("+49/123456789")]
    [InlineData("+٤٩١٢٣٤٥٦٧٨٩")]
    [InlineData("+49123456789\n")]
    [InlineData("+49\t123456789")]
    public void PhonePattern_AcceptsExactlyWhatTheNormaliserCanStore(string phone)
    {
        var matches = LeadRules.Pattern(LeadRules.PhoneOrBlankPattern).IsMatch(phone);

        matches.Should().Be(PhoneNumber.Normalize(phone) is not null);
        if (PhoneNumber.Normalize(phone) is { } stored)
        {
            LeadRules.Pattern(LeadRules.StoredPhonePattern).IsMatch(stored).Should().BeTrue();
        }
    }
}
