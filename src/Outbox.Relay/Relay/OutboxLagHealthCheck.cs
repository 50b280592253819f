using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Outbox.Relay.Relay;

/// <summary>
/// Degraded while the oldest waiting message is older than <see cref="OutboxRelayOptions.LagDegradedThreshold"/>: the
/// relay runs but is falling behind (or is stuck). Unhealthy when the backlog cannot be measured at all. The broker and
/// database checks (from the Aspire client integrations) report the dependencies themselves.
/// </summary>
internal sealed class OutboxLagHealthCheck(IOutboxBacklogSource monitor, IOptions<OutboxRelayOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backlog = monitor.Current;
        var data = new Dictionary<string, object>
        {
            ["pending"] = backlog.Pending,
            ["lagSeconds"] = backlog.Lag.TotalSeconds,
            ["measuredAt"] = backlog.MeasuredAt,
        };

        var threshold = options.Value.LagDegradedThreshold;
        return Task.FromResult(backlog switch
        {
            { Error: not null } => HealthCheckResult.Unhealthy($"The outbox backlog cannot be measured: {backlog.Error}", data: data),
            _ when backlog.Lag > threshold => HealthCheckResult.Degraded(
                $"The oldest waiting outbox message is {backlog.Lag.TotalSeconds:F0} s old (threshold {threshold.TotalSeconds:F0} s).", data: data),
            _ => HealthCheckResult.Healthy($"{backlog.Pending} waiting, lag {backlog.Lag.TotalSeconds:F1} s.", data),
        });
    }
}
