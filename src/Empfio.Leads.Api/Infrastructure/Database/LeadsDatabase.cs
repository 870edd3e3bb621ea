using Npgsql;

namespace Empfio.Leads.Api.Infrastructure.Database;

// Where handlers get their connection: normally a pooled one of their own. Inside
// InTransactionAsync (an idempotent request) it is the transaction's one connection, so
// the request's effect and its recorded response commit together or not at all.
public sealed class LeadsDatabase(NpgsqlDataSource dataSource)
{
    private static readonly AsyncLocal<NpgsqlConnection?> Transactional = new();

    public async ValueTask<ConnectionLease> OpenAsync(CancellationToken cancellationToken) =>
        Transactional.Value is { } shared
            ? new ConnectionLease(shared, owned: false)
            : new ConnectionLease(await dataSource.OpenConnectionAsync(cancellationToken), owned: true);

    // Runs work in one transaction on the caller's open connection (so a request holds one
    // connection at a time); it commits only when work says so.
    public async Task<T> InTransactionAsync<T>(
        NpgsqlConnection connection, Func<Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Transactional.Value = connection;
        try
        {
            var (result, commit) = await work();
            if (commit)
            {
                await transaction.CommitAsync(cancellationToken);
            }
            return result;
        }
        finally
        {
            Transactional.Value = null;
        }
    }
}

public readonly struct ConnectionLease(NpgsqlConnection connection, bool owned) : IAsyncDisposable
{
    public NpgsqlConnection Connection => connection;

    public ValueTask DisposeAsync() => owned ? connection.DisposeAsync() : ValueTask.CompletedTask;
}
