using System.ComponentModel;
using System.Reflection;
using Empfio.Leads.Api.Features.Leads;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Unit;

// Texts that must be constants (attribute arguments) say what the code does: each is
// checked against the constants and value lists it describes.
public sealed class DocumentationTextTests
{
    [Fact]
    public void MetadataLimits_NameTheLimitsLeadRulesEnforce()
    {
        LeadRules.MetadataLimits.Should()
            .Contain($"{LeadRules.MetadataMaxBytes / 1024} KiB")
            .And.Contain($"{LeadRules.MetadataMaxDepth} levels")
            .And.Contain("'notes'");
    }

    [Fact]
    public void LeadStatusDescription_ListsEveryStatusInOrder()
    {
        var description = typeof(LeadStatus).GetCustomAttribute<DescriptionAttribute>()!.Description;

        description.Should().Contain(string.Join(", ", LeadStatuses.All));
    }
}
