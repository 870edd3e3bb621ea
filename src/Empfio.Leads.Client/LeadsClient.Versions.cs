using System.Globalization;

namespace Empfio.Leads.Client;

// Optimistic concurrency with the version a caller already holds (Lead.Version), no
// response header needed: the service reads a bare number in If-Match as that version.
public partial class LeadsClient
{
    // Applies only if the lead is still at expectedVersion; else LeadsApiException with 412.
    public Task<Lead> UpdateLeadAsync(Guid leadId, UpdateLeadRequest request, long expectedVersion, CancellationToken cancellationToken = default) =>
        UpdateLeadAsync(leadId, request, expectedVersion.ToString(CultureInfo.InvariantCulture), cancellationToken);

    public Task DeleteLeadAsync(Guid leadId, long expectedVersion, CancellationToken cancellationToken = default) =>
        DeleteLeadAsync(leadId, expectedVersion.ToString(CultureInfo.InvariantCulture), cancellationToken);
}
