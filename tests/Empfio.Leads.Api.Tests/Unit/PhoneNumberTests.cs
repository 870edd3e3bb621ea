using Empfio.Leads.Api.Features.Leads;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Unit;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+49123456789", "+49123456789")]
    [InlineData("+49 123 456 789", "+49123456789")]
    [InlineData("+49-123-456-789", "+49123456789")]
    [InlineData("+49.123.456.789", "+49123456789")]
    [InlineData("+1 (555) 010-9999", "+15550109999")]
    [InlineData("+12345678", "+12345678")]
    [InlineData("+123456789012345", "+123456789012345")]
    public void Normalize_RemovesSeparatorsAndKeepsE164(string raw, string expected) =>
        PhoneNumber.Normalize(raw).Should().Be(expected);

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("49123456789")]
    [InlineData("0049 123 456 789")]
    [InlineData("+49 123 456 789 ext 5")]
    [InlineData("+49/123/456789")]
    [InlineData("++49123456789")]
    [InlineData("+49123456789\n")]
    [InlineData("+４９１２３４５６７８９")]
    public void Normalize_RejectsWhatIsNotE164(string raw) =>
        PhoneNumber.Normalize(raw).Should().BeNull();
}
