using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Outbox.AppHost.Tests.Infrastructure;

/// <summary>Stops and starts resources through Aspire's own resource commands, as the dashboard's buttons do.</summary>
public static class ResourceControl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly string[] StoppedStates = [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart];

    public static async Task StopAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken)
    {
        await ExecuteAsync(app, resourceName, KnownResourceCommands.StopCommand, cancellationToken);
        await app.ResourceNotifications
            .WaitForResourceAsync(resourceName, e => StoppedStates.Contains(e.Snapshot.State?.Text), cancellationToken)
            .WaitAsync(Timeout, cancellationToken);
    }

    public static async Task StartAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken)
    {
        await ExecuteAsync(app, resourceName, KnownResourceCommands.StartCommand, cancellationToken);

        // Not WaitForResourceHealthyAsync: right after the command the last snapshot may still be the terminal state
        // of the previous run, which it takes for a failed start.
        await app.ResourceNotifications
            .WaitForResourceAsync(
                resourceName,
                e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy,
                cancellationToken)
            .WaitAsync(Timeout, cancellationToken);
    }

    /// <summary>
    /// Kills every process of a project resource with SIGKILL, as a crash or an out-of-memory kill would, and waits
    /// until the orchestrator sees them gone. The processes are recognised by the service name and the connection string
    /// this AppHost gave them, so nothing of another AppHost on the machine is touched.
    /// </summary>
    public static async Task KillAsync(
        this DistributedApplication app, string resourceName, string connectionStringMarker, CancellationToken cancellationToken)
    {
        var killed = 0;
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string environment;
            try
            {
                environment = await File.ReadAllTextAsync(Path.Combine(directory, "environ"), cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var variables = environment.Split('\0');
            if (variables.Contains($"OTEL_SERVICE_NAME={resourceName}") && variables.Any(v => v.Contains(connectionStringMarker, StringComparison.Ordinal)))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill();
                    killed++;
                }
                catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }

        Assert.True(killed > 0, $"No process of {resourceName} was found to kill.");
        await app.ResourceNotifications
            .WaitForResourceAsync(resourceName, e => StoppedStates.Contains(e.Snapshot.State?.Text), cancellationToken)
            .WaitAsync(Timeout, cancellationToken);
    }

    /// <summary>Waits until the resource's health checks (its /health endpoint) report Unhealthy.</summary>
    public static async Task WaitForUnhealthyAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken) =>
        await app.ResourceNotifications
            .WaitForResourceAsync(resourceName, e => e.Snapshot.HealthStatus == HealthStatus.Unhealthy, cancellationToken)
            .WaitAsync(Timeout, cancellationToken);

    private static async Task ExecuteAsync(DistributedApplication app, string resourceName, string command, CancellationToken cancellationToken)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var resource = model.Resources.Single(r => r.Name == resourceName);
        var result = await app.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(resource, command, cancellationToken)
            .WaitAsync(Timeout, cancellationToken);
        Assert.True(result.Success, $"{command} on {resourceName} failed: {result.Message}");
    }
}
