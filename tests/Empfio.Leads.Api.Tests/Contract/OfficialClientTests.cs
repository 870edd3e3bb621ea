using System.IO.Compression;
using System.Xml.Linq;
using Empfio.Leads.Api.Tests.Fixtures;
using Empfio.Leads.Client;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Contract;

// The official C# client (src/Empfio.Leads.Client): it packs into a package a team can
// reference, and its hand-written overloads guard updates with the version a caller holds.
[Trait(Tier.Name, Tier.Full)]
public sealed class OfficialClientTests(LeadsApi api)
{
    [Fact]
    public async Task DotnetPack_GivesAPackageWithTheLibraryItsReadmeAndTheContractsVersion()
    {
        var output = Directory.CreateTempSubdirectory("empfio-leads-client-").FullName;
        try
        {
            var pack = await ProcessRunner.RunAsync(Checkout.Root, "dotnet", "pack",
                Path.Combine("src", "Empfio.Leads.Client", "Empfio.Leads.Client.csproj"), "--configuration", "Release", "--no-build", "--output", output);
            pack.ExitCode.Should().Be(0, "{0}{1}", pack.Output, pack.Error);

            var package = Path.Combine(output, "Empfio.Leads.Client.1.0.0.nupkg");
            File.Exists(package).Should().BeTrue(pack.Output);
            using var zip = ZipFile.OpenRead(package);
            zip.Entries.Select(e => e.FullName).Should().Contain(["README.md", "lib/net10.0/Empfio.Leads.Client.dll"]);
            await using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
            var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            metadata.Elements().Single(e => e.Name.LocalName == "readme").Value.Should().Be("README.md");
            metadata.Elements().Single(e => e.Name.LocalName == "version").Value.Should().StartWith("1.");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task UpdateAndDelete_WithTheVersionTheCallerHolds_ApplyOnlyToThatVersion()
    {
        var leads = new LeadsClient(api.ClientFor(LeadsApi.NewTenant()));
        var lead = await leads.CreateLeadAsync(new CreateLeadRequest { Name = "Jane", Channel = LeadChannel.Web }, idempotencyKey: Guid.NewGuid().ToString());

        var updated = await leads.UpdateLeadAsync(lead.Id, new UpdateLeadRequest { Status = LeadStatus.Booked }, expectedVersion: lead.Version);
        var stale = await FluentActions.Awaiting(() => leads.UpdateLeadAsync(lead.Id, new UpdateLeadRequest { Status = LeadStatus.Lost }, expectedVersion: lead.Version))
            .Should().ThrowAsync<LeadsApiException<ProblemDetails>>();
        var staleDelete = await FluentActions.Awaiting(() => leads.DeleteLeadAsync(lead.Id, expectedVersion: lead.Version))
            .Should().ThrowAsync<LeadsApiException<ProblemDetails>>();
        await leads.DeleteLeadAsync(lead.Id, expectedVersion: updated.Version);

        updated.Status.Should().Be(LeadStatus.Booked);
        stale.Which.StatusCode.Should().Be(412);
        staleDelete.Which.StatusCode.Should().Be(412);
        (await leads.GetLeadAsync(lead.Id)).Status.Should().Be(LeadStatus.Lost);
    }
}
