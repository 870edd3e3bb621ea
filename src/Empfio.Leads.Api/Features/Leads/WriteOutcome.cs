using Dapper;
using Npgsql;

namespace Empfio.Leads.Api.Features.Leads;

// What a conditional write of one lead came to: done (with its result), not done because
// the lead is at another version (Exists), or not done because there is no such lead.
public sealed record WriteOutcome<T>(T? Result, bool Exists) where T : class;

public static class WriteOutcome
{
    public static WriteOutcome<T> Done<T>(T result) where T : class => new(result, Exists: true);

    // Asked after a write matched no row, to tell "other version" (412) from "no lead" (404).
    public static async Task<WriteOutcome<T>> NotDoneAsync<T>(
        NpgsqlConnection connection, string tenantId, Guid leadId, CancellationToken cancellationToken) where T : class
    {
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM leads WHERE tenant_id = @TenantId AND id = @LeadId)",
            new { TenantId = tenantId, LeadId = leadId }, cancellationToken: cancellationToken));
        return new WriteOutcome<T>(default, exists);
    }
}
