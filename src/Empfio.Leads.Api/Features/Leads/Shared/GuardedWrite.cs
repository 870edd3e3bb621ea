namespace Empfio.Leads.Api.Features.Leads;

// Why a write of one lead guarded by If-Match changed nothing: each has its own status.
public enum NotWritten
{
    // The lead exists at another version (412).
    VersionMismatch,
    // There is no such lead for this tenant (404).
    NotFound,
}

public static class GuardedWrite
{
    // Asked only after a guarded write matched no row.
    public static async Task<NotWritten> WhyNotAsync(
        NpgsqlConnection connection, string tenantId, Guid leadId, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM leads WHERE tenant_id = @TenantId AND id = @LeadId)",
            new { TenantId = tenantId, LeadId = leadId }, cancellationToken: cancellationToken));
        return exists ? NotWritten.VersionMismatch : NotWritten.NotFound;
    }
}
