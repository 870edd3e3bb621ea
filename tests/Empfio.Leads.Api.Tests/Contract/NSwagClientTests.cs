using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;
using Committed = Empfio.Leads.NSwagClients.Committed;
using Stock = Empfio.Leads.NSwagClients.Stock;

namespace Empfio.Leads.Api.Tests.Contract;

// What a .NET team gets from stock NSwag (its console, NSwag.MSBuild) against the running
// service: with the committed settings file (clients/nswag/nswag.json), the whole shared
// scenario; with NSwag's own defaults, no request it can build loses data. After each
// PATCH a raw GET shows that every field the caller did not set is unchanged.
public sealed class NSwagClientTests(LeadsApi api)
{
    [Fact]
    public async Task WithTheCommittedSettings_TheSharedScenarioPasses()
    {
        var http = api.ClientFor(LeadsApi.NewTenant());
        var leads = new Committed.LeadsClient(http);

        // create, with and without Idempotency-Key; booking_offered round-trips
        var lead = await leads.CreateLeadAsync(new Committed.CreateLeadRequest
        {
            Name = "Jane Smith",
            Channel = Committed.LeadChannel.Telegram,
            Channel_id = $"tg-{Guid.NewGuid():N}",
            Phone = "+49 30 1234567",
            Email = "jane@example.com",
            Company = "Acme",
            Status = Committed.LeadStatus.BookingOffered,
            Preferred_services = ["haircut"],
            Appointment_notes = "Mornings",
            Metadata = new Dictionary<string, object> { ["source"] = "web" },
        });
        lead.Status.Should().Be(Committed.LeadStatus.BookingOffered);
        var key = Guid.NewGuid().ToString();
        var keyed = await leads.CreateLeadAsync(new Committed.CreateLeadRequest { Name = "Keyed", Channel = Committed.LeadChannel.Web }, idempotencyKey: key);
        (await leads.CreateLeadAsync(new Committed.CreateLeadRequest { Name = "Keyed", Channel = Committed.LeadChannel.Web }, idempotencyKey: key))
            .Id.Should().Be(keyed.Id);

        // get
        (await leads.GetLeadAsync(lead.Id)).Name.Should().Be("Jane Smith");

        // PATCH of only status (the generated client sends every other property as null)
        var before = await StoredLead.RawAsync(http, lead.Id);
        var patched = await leads.UpdateLeadAsync(lead.Id, new Committed.UpdateLeadRequest { Status = Committed.LeadStatus.NoShow });
        patched.Status.Should().Be(Committed.LeadStatus.NoShow);
        StoredLead.OnlyChanged(before, await StoredLead.RawAsync(http, lead.Id), "status");

        // PATCH of only metadata
        before = await StoredLead.RawAsync(http, lead.Id);
        await leads.UpdateLeadAsync(lead.Id, new Committed.UpdateLeadRequest { Metadata = new Dictionary<string, object> { ["tag"] = "vip" } });
        var after = await StoredLead.RawAsync(http, lead.Id);
        StoredLead.OnlyChanged(before, after, "metadata");
        after.GetProperty("metadata").GetProperty("source").GetString().Should().Be("web");
        after.GetProperty("metadata").GetProperty("tag").GetString().Should().Be("vip");

        // clearing company
        before = after;
        (await leads.UpdateLeadAsync(lead.Id, new Committed.UpdateLeadRequest { Company = "" })).Company.Should().BeNull();
        StoredLead.OnlyChanged(before, await StoredLead.RawAsync(http, lead.Id), "company");

        // a PATCH guarded by the lead's version, from the body (no response header needed)
        var current = await leads.GetLeadAsync(lead.Id);
        await leads.UpdateLeadAsync(lead.Id, new Committed.UpdateLeadRequest { Name = "Jane M." }, ifMatch: current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stale = await FluentActions.Awaiting(() => leads.UpdateLeadAsync(lead.Id, new Committed.UpdateLeadRequest { Name = "Jane X." },
            ifMatch: current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))).Should().ThrowAsync<Committed.LeadsApiException<Committed.ProblemDetails>>();
        stale.Which.StatusCode.Should().Be(412);

        // list with search and status filter; no_show round-trips; the conversation filter
        var page = await leads.ListLeadsAsync(status: Committed.LeadStatus.NoShow, search: "jane");
        page.Leads.Select(l => l.Id).Should().Equal(lead.Id);
        page.Leads.Single().Status.Should().Be(Committed.LeadStatus.NoShow);
        (await leads.ListLeadsAsync(channel: Committed.LeadChannel.Telegram, channelId: lead.Channel_id)).Leads.Select(l => l.Id).Should().Equal(lead.Id);

        // add note
        var notes = await leads.AddLeadNoteAsync(lead.Id, new Committed.AddNoteRequest { Content = "Called back" });
        notes.Notes.Single().Content.Should().Be("Called back");

        // typed 404 and 400 with the field errors readable
        var missing = await FluentActions.Awaiting(() => leads.GetLeadAsync(Guid.NewGuid())).Should().ThrowAsync<Committed.LeadsApiException<Committed.ProblemDetails>>();
        missing.Which.StatusCode.Should().Be(404);
        missing.Which.Result.Detail.Should().Contain("no lead");
        var invalid = await FluentActions.Awaiting(() => leads.CreateLeadAsync(new Committed.CreateLeadRequest { Name = " ", Channel = Committed.LeadChannel.Web, Email = "nope" }))
            .Should().ThrowAsync<Committed.LeadsApiException<Committed.HttpValidationProblemDetails>>();
        invalid.Which.Result.Errors!.Keys.Should().BeEquivalentTo("name", "email");
        invalid.Which.Result.Violations!.Select(v => v.Field).Should().BeEquivalentTo("name", "email");

        // delete
        await leads.DeleteLeadAsync(lead.Id);
        (await leads.GetLeadAsync(lead.Id)).Status.Should().Be(Committed.LeadStatus.Lost);

        // the lead's history and the change feed, filtered by lead and by types
        var history = await leads.GetLeadHistoryAsync(lead.Id);
        history.Events.Select(e => e.Type).Should().StartWith(Committed.LeadEventType.Created).And.EndWith(Committed.LeadEventType.Deleted);
        history.Events.Select(e => e.Lead_version).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        history.Events.Last().Lead.Status.Should().Be(Committed.LeadStatus.Lost);
        var feed = await EventuallyAsync(() => leads.ListEventsAsync(
            leadId: lead.Id, type: [Committed.LeadEventType.NoteAdded, Committed.LeadEventType.Deleted]), page => page.Events.Count == 2);
        feed.Events.Select(e => e.Type).Should().Equal(Committed.LeadEventType.NoteAdded, Committed.LeadEventType.Deleted);
        feed.Events.First().Changes!.Keys.Should().Equal("note");
        var cursor = await leads.GetEventsCursorAsync();
        var nothingNew = await leads.ListEventsAsync(after: cursor.Cursor, leadId: lead.Id);
        nothingNew.Events.Should().BeEmpty();
        nothingNew.Next_cursor.Should().Be(cursor.Cursor);
    }

    // The feed shows an event once every older writing transaction has ended (other tests
    // write in parallel): ask again until the answer is there, for up to 20 s.
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> ask, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var answer = await ask();
            if (done(answer) || DateTime.UtcNow > deadline) return answer;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task WithNSwagsDefaults_NoRequestLosesData()
    {
        var http = api.ClientFor(LeadsApi.NewTenant());
        var leads = new Stock.LeadsClient(http) { BaseUrl = http.BaseAddress!.ToString() };

        var lead = await leads.CreateLeadAsync(null!, new Stock.CreateLeadRequest
        {
            Name = "Jane Smith",
            Channel = Stock.LeadChannel.WhatsApp,
            Phone = "+49 30 1234567",
            Email = "jane@example.com",
            Company = "Acme",
            Status = Stock.LeadStatus.BookingOffered,
            Preferred_services = ["haircut"],
            Appointment_notes = "Mornings",
            Metadata = new Dictionary<string, object> { ["source"] = "web" },
        });
        lead.Status.Should().Be(Stock.LeadStatus.BookingOffered);

        var before = await StoredLead.RawAsync(http, lead.Id);
        await leads.UpdateLeadAsync(lead.Id, null!, new Stock.UpdateLeadRequest { Status = Stock.LeadStatus.NoShow });
        StoredLead.OnlyChanged(before, await StoredLead.RawAsync(http, lead.Id), "status");

        before = await StoredLead.RawAsync(http, lead.Id);
        await leads.UpdateLeadAsync(lead.Id, null!, new Stock.UpdateLeadRequest { Name = "Jane M.", Metadata = new Dictionary<string, object>(), Preferred_services = [] });
        var after = await StoredLead.RawAsync(http, lead.Id);
        StoredLead.OnlyChanged(before, after, "name", "preferred_services");
        after.GetProperty("phone").GetString().Should().Be("+49301234567");

        (await leads.ListLeadsAsync(null, null, Stock.LeadStatus.NoShow, null, null, null)).Leads.Single().Status.Should().Be(Stock.LeadStatus.NoShow);
    }
}
