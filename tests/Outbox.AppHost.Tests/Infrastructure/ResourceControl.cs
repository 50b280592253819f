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
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resourceName, cancellationToken).WaitAsync(Timeout, cancellationToken);
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
