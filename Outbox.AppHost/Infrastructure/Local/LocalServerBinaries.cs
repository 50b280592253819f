using Microsoft.Extensions.Configuration;

namespace Outbox.AppHost.Infrastructure.Local;

/// <summary>
/// Where this machine's PostgreSQL and RabbitMQ server programs are. Found in the usual Debian/Ubuntu places and on
/// PATH, or given by configuration (<c>Infrastructure:PostgresBinDirectory</c>, <c>Infrastructure:RabbitMqServer</c>,
/// <c>Infrastructure:Epmd</c>).
/// </summary>
public sealed record LocalServerBinaries(string? PostgresBinDirectory, string? RabbitMqServer, string? Epmd)
{
    /// <summary>What is missing, as a phrase for an error message; null when everything was found.</summary>
    public string? Missing =>
        (PostgresBinDirectory, RabbitMqServer, Epmd) switch
        {
            (null, null, _) => "neither the PostgreSQL server (initdb, postgres) nor rabbitmq-server was found",
            (null, _, _) => "the PostgreSQL server (initdb, postgres) was not found",
            (_, null, _) => "rabbitmq-server was not found",
            (_, _, null) => "epmd (Erlang, installed with rabbitmq-server) was not found",
            _ => null,
        };

    public static LocalServerBinaries Find(IConfiguration configuration) => new(
        configuration["Infrastructure:PostgresBinDirectory"] ?? FindPostgresBinDirectory(),
        configuration["Infrastructure:RabbitMqServer"] ?? FindRabbitMqServer(),
        configuration["Infrastructure:Epmd"] ?? FindOnPath("epmd"));

    private static string? FindPostgresBinDirectory()
    {
        // Debian and Ubuntu keep each major version apart; take the newest.
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(directory => (directory, version: int.TryParse(Path.GetFileName(directory), out var v) ? v : -1))
                .Where(candidate => File.Exists(Path.Combine(candidate.directory, "bin", "postgres")))
                .OrderByDescending(candidate => candidate.version)
                .Select(candidate => Path.Combine(candidate.directory, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var postgres = FindOnPath("postgres");
        return postgres is not null && File.Exists(Path.Combine(Path.GetDirectoryName(postgres)!, "initdb"))
            ? Path.GetDirectoryName(postgres)
            : null;
    }

    private static string? FindRabbitMqServer()
    {
        // Debian's /usr/sbin/rabbitmq-server is a wrapper that insists on switching to the rabbitmq user itself;
        // the script behind it runs as whoever starts it.
        const string debianServer = "/usr/lib/rabbitmq/bin/rabbitmq-server";
        return File.Exists(debianServer) ? debianServer : FindOnPath("rabbitmq-server");
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
