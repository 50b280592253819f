namespace Outbox.AppHost.Infrastructure.Local;

/// <summary>
/// How to start a server as its own system user. PostgreSQL refuses to run as root, and servers are better off
/// without root anyway, so an AppHost running as root starts them through setpriv, which execs in place: the
/// orchestrator's stop signal reaches the server itself, and no wrapper process is left behind.
/// </summary>
internal static class ServiceUser
{
    /// <returns>The command and the arguments that go before the server's own command line.</returns>
    public static (string Command, string[] Prefix) Wrap(string program, string user)
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root" || !UserExists(user))
        {
            return (program, []);
        }

        return ("setpriv", [$"--reuid={user}", $"--regid={user}", "--init-groups", program]);
    }

    private static bool UserExists(string user) =>
        File.Exists("/etc/passwd")
        && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));
}
