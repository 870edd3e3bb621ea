using System.Net;
using Empfio.Leads.Api.Tests.Fixtures;
using Empfio.Leads.Client;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Contract;

// The service driven through the C# client that NSwag generates from the committed
// document at build time (tests/Empfio.Leads.Client): what another Empfio service gets.
public sealed class GeneratedClientTests(LeadsApi api)
{
    private LeadsClient ClientFor(string tenant) => new(api.ClientFor(tenant));

    [Fact]
    public async Task GeneratedClient_DrivesAllSixOperations()
    {
        var leads = ClientFor(LeadsApi.NewTenant());

        var created = await leads.CreateLeadAsync(new CreateLeadRequest
        {
            Name = "Jane Smith",
            Channel = LeadChannel.WhatsApp,
            ChannelId = "wa-4711",
            Phone = "+49 30 1234567",
            Email = "jane@example.com",
            Status = LeadStatus.BookingOffered,
            PreferredServices = ["haircut"],
            Metadata = new Dictionary<string, object> { ["source"] = "spring" },
        });
        var fetched = await leads.GetLeadAsync(created.Id);
        var page = await leads.ListLeadsAsync(page: 1, size: 10, status: LeadStatus.BookingOffered, channel: LeadChannel.WhatsApp, search: "jane");
        var updated = await leads.UpdateLeadAsync(created.Id, new UpdateLeadRequest { Status = LeadStatus.Booked });
        var notes = await leads.AddLeadNoteAsync(created.Id, new AddNoteRequest { Content = "Confirmed by phone" });
        await leads.DeleteLeadAsync(created.Id);
        var deleted = await leads.GetLeadAsync(created.Id);

        created.Phone.Should().Be("+49301234567");
        created.Status.Should().Be(LeadStatus.BookingOffered);
        fetched.Name.Should().Be("Jane Smith");
        fetched.Metadata["source"].ToString().Should().Be("spring");
        page.Total.Should().Be(1);
        page.Leads.Single().Id.Should().Be(created.Id);
        updated.Status.Should().Be(LeadStatus.Booked);
        notes.Notes.Single().Author.Should().Be("agent@example.com");
        deleted.Status.Should().Be(LeadStatus.Lost);
    }

    [Fact]
    public async Task GeneratedClient_PatchSettingOnlyStatus_LeavesEveryOtherFieldUntouched()
    {
        var leads = ClientFor(LeadsApi.NewTenant());
        var created = await leads.CreateLeadAsync(new CreateLeadRequest
        {
            Name = "Jane Smith",
            Channel = LeadChannel.Web,
            Phone = "+49123456789",
            Email = "jane@example.com",
            Company = "Acme",
            PreferredServices = ["colour"],
            AppointmentNotes = "Mornings",
            Metadata = new Dictionary<string, object> { ["tags"] = new[] { "vip" } },
        });

        var updated = await leads.UpdateLeadAsync(created.Id, new UpdateLeadRequest { Status = LeadStatus.Contacted });

        updated.Status.Should().Be(LeadStatus.Contacted);
        updated.Should().BeEquivalentTo(created, options => options
            .Excluding(lead => lead.Status)
            .Excluding(lead => lead.UpdatedAt)
            .Excluding(lead => lead.Version)
            .Excluding(lead => lead.Metadata));
        updated.Metadata.Keys.Should().BeEquivalentTo("tags");
    }

    [Fact]
    public async Task GeneratedClient_ClearsAFieldWithAnEmptyString()
    {
        var leads = ClientFor(LeadsApi.NewTenant());
        var created = await leads.CreateLeadAsync(new CreateLeadRequest { Name = "Jane", Channel = LeadChannel.Voice, Company = "Acme" });

        var updated = await leads.UpdateLeadAsync(created.Id, new UpdateLeadRequest { Company = "" });

        updated.Company.Should().BeNull();
        updated.Name.Should().Be("Jane");
    }

    [Theory]
    [InlineData(LeadStatus.New)]
    [InlineData(LeadStatus.Contacted)]
    [InlineData(LeadStatus.BookingOffered)]
    [InlineData(LeadStatus.Booked)]
    [InlineData(LeadStatus.Confirmed)]
    [InlineData(LeadStatus.Completed)]
    [InlineData(LeadStatus.NoShow)]
    [InlineData(LeadStatus.Cancelled)]
    [InlineData(LeadStatus.Lost)]
    public async Task GeneratedClient_EveryStatusRoundTrips(LeadStatus status)
    {
        var leads = ClientFor(LeadsApi.NewTenant());

        var created = await leads.CreateLeadAsync(new CreateLeadRequest { Name = "Jane", Channel = LeadChannel.Telegram, Status = status });
        var listed = await leads.ListLeadsAsync(null, null, status, null, null);

        created.Status.Should().Be(status);
        (await leads.GetLeadAsync(created.Id)).Status.Should().Be(status);
        listed.Leads.Select(l => l.Status).Should().Equal(status);
    }

    [Fact]
    public async Task GeneratedClient_UnknownLead_ThrowsATypedExceptionCarryingTheProblem()
    {
        var leads = ClientFor(LeadsApi.NewTenant());

        var act = () => leads.GetLeadAsync(Guid.NewGuid());

        var thrown = await act.Should().ThrowAsync<LeadsApiException<ProblemDetails>>();
        thrown.Which.StatusCode.Should().Be((int)HttpStatusCode.NotFound);
        thrown.Which.Result.Title.Should().Be("Lead not found");
    }

    [Fact]
    public async Task GeneratedClient_InvalidInput_ThrowsATypedExceptionNamingTheField()
    {
        var leads = ClientFor(LeadsApi.NewTenant());

        var act = () => leads.CreateLeadAsync(new CreateLeadRequest { Name = "Jane", Channel = LeadChannel.Web, Phone = "12345" });

        var thrown = await act.Should().ThrowAsync<LeadsApiException<HttpValidationProblemDetails>>();
        thrown.Which.StatusCode.Should().Be((int)HttpStatusCode.BadRequest);
        thrown.Which.Result.Errors.Should().ContainKey("phone");
    }

    [Fact]
    public async Task GeneratedClient_WithoutAToken_ThrowsATypedUnauthorizedException()
    {
        var leads = new LeadsClient(api.Anonymous());

        var act = () => leads.ListLeadsAsync(null, null, null, null, null);

        var thrown = await act.Should().ThrowAsync<LeadsApiException<ProblemDetails>>();
        thrown.Which.StatusCode.Should().Be((int)HttpStatusCode.Unauthorized);
    }
}
