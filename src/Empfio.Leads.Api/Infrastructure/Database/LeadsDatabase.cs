namespace Empfio.Leads.Api.Infrastructure.Database;

// The request's unit of work: one connection, opened on first use and returned to the pool
// when the request ends (it is scoped to the request, like the handlers that take it). A
// handler runs its statements on it and says nothing about transactions: its own writes are
// single statements. The one transaction a request can have is begun on it by the
// idempotency filter (InTransactionAsync), so that a keyed request's write and its
// recorded response commit together or not at all.
public sealed class LeadsDatabase(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private NpgsqlConnection? connection;

    public async ValueTask<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        connection ??= await dataSource.OpenConnectionAsync(cancellationToken);

    // Runs work in one transaction on the request's connection; it commits only when work
    // says so, and rolls back otherwise.
    public async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken)
    {
        var open = await ConnectionAsync(cancellationToken);
        await using var transaction = await open.BeginTransactionAsync(cancellationToken);
        var (result, commit) = await work(open);
        if (commit)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return result;
    }

    public ValueTask DisposeAsync() => connection?.DisposeAsync() ?? ValueTask.CompletedTask;
}
