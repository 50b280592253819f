using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Outbox.AppHost.Infrastructure.Local;

namespace Outbox.AppHost.Infrastructure;

/// <summary>Picks the infrastructure mode: configuration first, then whatever this machine can run.</summary>
internal static class InfrastructureModeSelector
{
    public const string ModeKey = "Infrastructure:Mode";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static InfrastructureMode Select(IDistributedApplicationBuilder builder, LocalServerBinaries binaries)
    {
        var configured = builder.Configuration[ModeKey];
        var mode = InfrastructureMode.Auto;
        if (!string.IsNullOrWhiteSpace(configured) && !Enum.TryParse(configured, ignoreCase: true, out mode))
        {
            throw new DistributedApplicationException(
                $"{ModeKey} is '{configured}'; it must be one of {string.Join(", ", Enum.GetNames<InfrastructureMode>())}.");
        }

        // A published app model always describes containers; the local binaries exist only on this machine.
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureMode.Containers;
        }

        switch (mode)
        {
            case InfrastructureMode.Containers:
                return mode;
            case InfrastructureMode.Local:
                return binaries.Missing is { } missing
                    ? throw new DistributedApplicationException($"{ModeKey} is Local, but {missing}.")
                    : mode;
        }

        if (ContainerRuntimeAnswers(builder.Configuration))
        {
            return InfrastructureMode.Containers;
        }

        if (binaries.Missing is null)
        {
            return InfrastructureMode.Local;
        }

        throw new DistributedApplicationException(
            $"Outbox needs PostgreSQL and RabbitMQ, and neither way of running them is available here: no container runtime " +
            $"answered (`docker info` / `podman info`), and {binaries.Missing}. Either start Docker or Podman, or install " +
            $"the PostgreSQL and RabbitMQ server packages (e.g. `apt-get install postgresql rabbitmq-server`). " +
            $"Set {ModeKey} to Containers or Local to skip this detection.");
    }

    /// <summary>True when the configured (or a default) container runtime's daemon answers.</summary>
    private static bool ContainerRuntimeAnswers(IConfiguration configuration)
    {
        var configuredRuntime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"];
        string[] runtimes = string.IsNullOrWhiteSpace(configuredRuntime) ? ["docker", "podman"] : [configuredRuntime];
        return runtimes.Any(Answers);
    }

    private static bool Answers(string runtime)
    {
        var startInfo = new ProcessStartInfo(runtime, ["info", "--format", "{{.Host}}{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            using var process = Process.Start(startInfo);
            if (process is null)
            {
                return false;
            }

            // Drain the pipes so a chatty runtime cannot block on a full buffer.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            // Not installed.
            return false;
        }
    }
}
