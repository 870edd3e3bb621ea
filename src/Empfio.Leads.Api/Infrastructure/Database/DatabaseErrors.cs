using System.Net.Sockets;

namespace Empfio.Leads.Api.Infrastructure.Database;

// How a database error is read, in one place for requests and probes.
public static class DatabaseErrors
{
    // Unreachable, restarting ("57P01 terminating connection", "57P03 starting up"),
    // out of connections or timed out: the caller should come back, not give up.
    public static bool IsUnavailable(Exception exception) =>
        exception is TimeoutException || exception is NpgsqlException { IsTransient: true };

    // The server is gone or going: refused or broken connections, or it said it is shutting
    // down or starting, so pooled connections did not survive and are dropped. Not a full
    // pool or a slow query: those connections are healthy, and clearing them would only add
    // reconnects to an overloaded moment.
    public static bool IsGone(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } => true,
        NpgsqlException { InnerException: SocketException or IOException } => true,
        _ => false,
    };
}
