using Dapper;
using Empfio.Leads.Api.Features.Leads;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;
using Npgsql;

namespace Empfio.Leads.Api.Tests.Database;

// The list's channel_id filter is an index lookup (leads_tenant_conversation, migration
// 0005), not a walk through the tenant's leads: checked on the handler's own statement,
// planned with its values as the service plans it, over a tenant of 20,000 leads.
[Trait(Tier.Name, Tier.Full)]
public sealed class ConversationIndexTests(LeadsApi api)
{
    [Theory]
    [InlineData("telegram")]
    [InlineData(null)]
    public async Task ListByConversation_UsesTheConversationIndex(string? channel)
    {
        var tenant = LeadsApi.NewTenant();
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO leads (tenant_id, id, name, channel, channel_id, status, change)
            SELECT @Tenant, gen_random_uuid(), 'Lead ' || i, (ARRAY['whatsapp', 'telegram', 'web', 'email', 'voice'])[1 + i % 5], 'chat-' || i, 'new',
                   ROW('lead.created', 'seed')::lead_change
            FROM generate_series(1, 20000) AS i;
            ANALYZE leads;
            """, new { Tenant = tenant });

        var plan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + ListLeads.Handler.OfConversation, new
        {
            TenantId = tenant,
            Status = (string?)null,
            Channel = channel,
            ChannelId = "chat-4711",
            Term = (string?)null,
            Escaped = (string?)null,
            Size = 20,
            Offset = 0L,
        }));

        plan.Should().Contain("leads_tenant_conversation").And.NotContain("Seq Scan on leads");
    }
}
