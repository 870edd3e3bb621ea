using System.Text;
using System.Text.Json;
using Empfio.Leads.Api.Features.Leads;
using Empfio.Leads.Api.Infrastructure.Http;
using FluentAssertions;
using FluentValidation.TestHelper;

namespace Empfio.Leads.Api.Tests.Unit;

// The rules both write slices apply (LeadFields.Rules, over LeadRules), without HTTP.
public sealed class LeadRulesTests
{
    static LeadRulesTests() => HttpExtensions.UseWireNamesInValidation();

    private static readonly LeadFields.Rules Rules = new();

    private static TestValidationResult<LeadFields> Validate(LeadFields fields) => Rules.TestValidate(fields);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("😀😀", 2)]
    [InlineData("e\u0301", 2)]
    [InlineData("", 0)]
    public void Characters_CountsCodePoints_AsJsonSchemaDoes(string text, int characters)
    {
        LeadRules.Characters(text).Should().Be(characters);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(" \t\u00A0", null)]
    [InlineData(" x ", " x ")]
    public void NullIfBlank_MakesABlankOptionalTextNoValue(string? given, string? stored)
    {
        LeadRules.NullIfBlank(given).Should().Be(stored);
    }

    [Fact]
    public void Company_AtTheLimitInEmoji_IsAccepted_AndOneMoreIsNot()
    {
        var atLimit = string.Concat(Enumerable.Repeat("😀", LeadRules.CompanyMaxLength));

        Validate(new CreateLeadRequest { Company = atLimit }).ShouldNotHaveValidationErrorFor("company");
        Validate(new CreateLeadRequest { Company = atLimit + "😀" }).ShouldHaveValidationErrorFor("company")
            .WithErrorMessage($"'company' must be at most {LeadRules.CompanyMaxLength} characters.");
    }

    [Theory]
    [InlineData(0x0000, "a{0}b")]
    [InlineData(0xD800, "{0}")]
    [InlineData(0xDC00, "x{0}")]
    public void Texts_WithNulOrALoneSurrogate_AreRefused(int codeUnit, string format)
    {
        // Built here: a lone surrogate in an attribute argument does not survive as one.
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, (char)codeUnit);

        Validate(new UpdateLeadRequest { AppointmentNotes = text }).ShouldHaveValidationErrorFor("appointment_notes");
        Validate(new UpdateLeadRequest { AppointmentNotes = "ok 😀" }).ShouldNotHaveValidationErrorFor("appointment_notes");
    }

    [Theory]
    [InlineData("+49 (30) 123-45.67", true)]
    [InlineData("", true)]
    [InlineData("+1234567", false)]
    [InlineData("+1234567890123456", false)]
    [InlineData("0049301234567", false)]
    public void Phone_IsE164WithSeparatorsIgnored_OrBlank(string phone, bool valid)
    {
        var result = Validate(new CreateLeadRequest { Phone = phone });

        if (valid) result.ShouldNotHaveValidationErrorFor("phone");
        else result.ShouldHaveValidationErrorFor("phone");
    }

    [Fact]
    public void StoredPhone_IsE164_AndABlankPhoneIsNoValue()
    {
        new CreateLeadRequest { Phone = "+49 (30) 123-45.67" }.StoredPhone().Should().Be("+49301234567");
        new CreateLeadRequest { Phone = "  " }.StoredPhone().Should().BeNull();
        new UpdateLeadRequest { Email = "" }.StoredEmail().Should().BeNull();
    }

    [Theory]
    [InlineData("jane@example.com", true)]
    [InlineData("", true)]
    [InlineData("jane@localhost", false)]
    [InlineData("jürgen@example.de", false)]
    [InlineData("a..b@example.com", false)]
    public void Email_IsADotAtomAddressWithADottedDomain_OrBlank(string email, bool valid)
    {
        var result = Validate(new CreateLeadRequest { Email = email });

        if (valid) result.ShouldNotHaveValidationErrorFor("email");
        else result.ShouldHaveValidationErrorFor("email");
    }

    [Fact]
    public void Status_IsOneOfTheNine_OrAbsent()
    {
        Validate(new UpdateLeadRequest { Status = "no_show" }).ShouldNotHaveValidationErrorFor("status");
        Validate(new UpdateLeadRequest()).ShouldNotHaveValidationErrorFor("status");
        Validate(new UpdateLeadRequest { Status = "NEW" }).ShouldHaveValidationErrorFor("status")
            .WithErrorMessage($"'status' must be one of: {string.Join(", ", LeadStatuses.All)}.");
    }

    [Fact]
    public void PreferredServices_AtMostFiftyNonBlankItemsOfAHundredCharacters()
    {
        Validate(new CreateLeadRequest { PreferredServices = [.. Enumerable.Repeat("cut", LeadRules.PreferredServicesMaxItems)] })
            .ShouldNotHaveValidationErrorFor("preferred_services");
        Validate(new CreateLeadRequest { PreferredServices = [.. Enumerable.Repeat("cut", LeadRules.PreferredServicesMaxItems + 1)] })
            .ShouldHaveValidationErrorFor("preferred_services");
        Validate(new CreateLeadRequest { PreferredServices = ["cut", " "] }).ShouldHaveValidationErrorFor("preferred_services[1]");
        Validate(new CreateLeadRequest { PreferredServices = [new string('x', LeadRules.PreferredServiceMaxLength + 1)] })
            .ShouldHaveValidationErrorFor("preferred_services[0]");
    }

    [Theory]
    [InlineData("""{"a": 1, "b": [true, null, {"c": "d"}]}""", null)]
    [InlineData("""[1]""", "'metadata' must be a JSON object.")]
    [InlineData("""{"notes": []}""", "'metadata.notes' belongs to the notes endpoint")]
    [InlineData("""{"n": 1e400}""", "'metadata' numbers must be within the range of a double-precision number.")]
    [InlineData("""{"n": 1e-400}""", "'metadata' numbers must be within the range of a double-precision number.")]
    [InlineData("""{"n": 0e-400}""", null)]
    [InlineData("""{"s": "\ud800"}""", "'metadata' strings must not contain NUL characters or invalid Unicode.")]
    [InlineData("""{"\u0000": 1}""", "'metadata' keys must not contain NUL characters or invalid Unicode.")]
    public void Metadata_IsAStorableJsonObjectWithoutNotes(string metadata, string? problem)
    {
        var result = Validate(new CreateLeadRequest { Metadata = Json(metadata) });

        if (problem is null) result.ShouldNotHaveValidationErrorFor("metadata");
        else result.Errors.Select(e => e.ErrorMessage).Should().ContainSingle().Which.Should().StartWith(problem);
    }

    [Fact]
    public void Metadata_AtMostTenLevelsDeep()
    {
        string Nested(int levels) => levels == 1 ? "{}" : $$"""{"x": {{Nested(levels - 1)}}}""";

        Validate(new CreateLeadRequest { Metadata = Json(Nested(LeadRules.MetadataMaxDepth)) }).ShouldNotHaveValidationErrorFor("metadata");
        Validate(new CreateLeadRequest { Metadata = Json(Nested(LeadRules.MetadataMaxDepth + 1)) }).ShouldHaveValidationErrorFor("metadata")
            .WithErrorMessage($"'metadata' must not be nested deeper than {LeadRules.MetadataMaxDepth} levels.");
    }

    [Fact]
    public void Metadata_AtMostSixtyFourKibibytes()
    {
        var within = new string('x', LeadRules.MetadataMaxBytes - """{"k":""}""".Length);

        Validate(new CreateLeadRequest { Metadata = Json($$"""{"k":"{{within}}"}""") }).ShouldNotHaveValidationErrorFor("metadata");
        Validate(new CreateLeadRequest { Metadata = Json($$"""{"k":"{{within}}x"}""") }).ShouldHaveValidationErrorFor("metadata");
    }

    [Fact]
    public void Metadata_WithInvalidUtf8_IsRefusedBeforeAnyOfItIsRead()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"k": "ab"}""");
        bytes[8] = 0xFF;

        Validate(new CreateLeadRequest { Metadata = JsonDocument.Parse(bytes).RootElement.Clone() })
            .ShouldHaveValidationErrorFor("metadata").WithErrorMessage("'metadata' must be valid UTF-8.");
    }
}
