using System.Data.Common;
using System.Net.Sockets;

namespace Microsoft.Extensions.Hosting;

/// <summary>A dependency whose outage a service reports as 503: how to recognise it, and what to tell the caller.</summary>
public sealed record DependencyUnavailable(string Title, string Detail, Func<Exception, bool> Matches)
{
    /// <summary>
    /// A database that cannot be reached: a transient <see cref="DbException"/> (Npgsql marks connection failures so),
    /// a socket error or a timeout, anywhere in the exception chain (EF Core wraps them).
    /// </summary>
    public static bool IsDatabaseOutage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException { IsTransient: true } or SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
