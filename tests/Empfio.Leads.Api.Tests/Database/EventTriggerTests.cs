using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;
using Npgsql;

namespace Empfio.Leads.Api.Tests.Database;

// The event log is written by triggers on leads, so no write path can forget its event:
// a statement that does not name its change (or does not raise the version) fails.
public sealed class EventTriggerTests(LeadsApi api)
{
    [Theory]
    [InlineData("UPDATE leads SET name = 'x', version = version + 1 WHERE tenant_id = @tenant", "must set change")]
    [InlineData("UPDATE leads SET name = 'x', version = version + 1, change = ROW('lead.created', 'a')::lead_change WHERE tenant_id = @tenant", "must set change")]
    [InlineData("UPDATE leads SET name = 'x', change = ROW('lead.updated', 'a')::lead_change WHERE tenant_id = @tenant", "raise version by 1")]
    [InlineData("INSERT INTO leads (tenant_id, id, name, channel) VALUES (@tenant, gen_random_uuid(), 'x', 'web')", "must set change")]
    public async Task AWriteOfLeadsThatDoesNotNameItsChange_Fails_AndChangesNothing(string sql, string message)
    {
        var tenant = LeadsApi.NewTenant();
        var client = api.ClientFor(tenant);
        var lead = await client.CreateLeadAsync();
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", tenant);

        var write = async () => await command.ExecuteNonQueryAsync();

        (await write.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain(message);
        (await api.StoredEventCountAsync(tenant)).Should().Be(1);
        (await (await client.GetAsync($"{ApiRequests.Leads}/{lead.Id()}")).ShouldBeAsync(System.Net.HttpStatusCode.OK))
            .GetRawText().Should().Be(lead.GetRawText());
    }
}
