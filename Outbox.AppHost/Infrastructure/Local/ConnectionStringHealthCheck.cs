using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Outbox.AppHost.Infrastructure.Local;

/// <summary>
/// Healthy when a probe succeeds against the resource's connection string, resolved at check time (the port is only
/// known once the orchestrator has allocated it). This is what makes <c>WaitFor</c> wait until the server answers.
/// </summary>
internal sealed class ConnectionStringHealthCheck(
    IResourceWithConnectionString resource,
    Func<string, CancellationToken, Task> probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await resource.GetConnectionStringAsync(cancellationToken)
                ?? throw new InvalidOperationException($"{resource.Name} has no connection string yet.");
            await probe(connectionString, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(exception.Message, exception);
        }
    }
}
