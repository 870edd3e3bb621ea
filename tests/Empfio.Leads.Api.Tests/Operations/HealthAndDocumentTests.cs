using System.Net;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Operations;

public sealed class HealthAndDocumentTests(LeadsApi api)
{
    [Fact]
    public async Task HealthLive_IsAnonymousAndHealthy()
    {
        var response = await api.Anonymous().GetAsync("/health/live");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task HealthReady_IsAnonymousAndHealthyWhenTheDatabaseIsMigrated()
    {
        var response = await api.Anonymous().GetAsync("/health/ready");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task OpenApiDocument_IsServedAnonymously_WithEveryOperationAtItsPath()
    {
        var document = await (await api.Anonymous().GetAsync("/openapi/v1.json")).ShouldBeAsync(HttpStatusCode.OK);

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Id: op.Value.GetProperty("operationId").GetString())))
            .ToList();
        operations.Should().BeEquivalentTo(new[]
        {
            ("/api/v1/leads", "listLeads"),
            ("/api/v1/leads", "createLead"),
            ("/api/v1/leads/{lead_id}", "getLead"),
            ("/api/v1/leads/{lead_id}", "updateLead"),
            ("/api/v1/leads/{lead_id}", "deleteLead"),
            ("/api/v1/leads/{lead_id}/notes", "addLeadNote"),
            ("/api/v1/leads/{lead_id}/history", "getLeadHistory"),
            ("/api/v1/events", "listEvents"),
            ("/api/v1/events/cursor", "getEventsCursor"),
        });
    }

    [Fact]
    public async Task DocsUi_IsServedAnonymously()
    {
        var response = await api.Anonymous().GetAsync("/docs/index.html");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain("swagger-ui").And.Contain("/openapi/v1.json", "the UI shows the service's own document");
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        var response = await api.Anonymous().GetAsync("/api/v1/nothing-here");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
