using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Outbox.Relay.Relay;

namespace Outbox.UnitTests.Telemetry;

public sealed class RelayMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeBacklog _backlog = new();

    private IMeterFactory MeterFactory => _services.GetRequiredService<IMeterFactory>();

    [Fact]
    public void A_batch_moves_the_published_failed_and_dead_counters_and_the_batch_histograms()
    {
        var metrics = new OutboxRelayMetrics(MeterFactory, _backlog);
        using var published = Collect<long>("outbox.relay.messages.published");
        using var failed = Collect<long>("outbox.relay.messages.failed");
        using var dead = Collect<long>("outbox.relay.messages.dead");
        using var size = Collect<int>("outbox.relay.batch.size");
        using var duration = Collect<double>("outbox.relay.batch.duration");

        metrics.RecordBatch(new OutboxBatchResult(Claimed: 10, Published: 7, Failed: 2, Dead: 1, BrokerError: null), TimeSpan.FromMilliseconds(40));
        metrics.RecordBatch(new OutboxBatchResult(Claimed: 3, Published: 3, Failed: 0, Dead: 0, BrokerError: null), TimeSpan.FromMilliseconds(10));

        Assert.Equal(10, published.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(2, failed.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, dead.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal([10, 3], size.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal(0.040, duration.GetMeasurementSnapshot()[0].Value, precision: 6);
    }

    [Fact]
    public void The_backlog_and_lag_gauges_report_the_latest_reading()
    {
        _ = new OutboxRelayMetrics(MeterFactory, _backlog);
        using var backlog = Collect<long>("outbox.relay.backlog");
        using var lag = Collect<double>("outbox.relay.lag");

        _backlog.Current = new OutboxBacklog(Pending: 1200, Lag: TimeSpan.FromSeconds(42), DateTimeOffset.UtcNow, Error: null);
        backlog.RecordObservableInstruments();
        lag.RecordObservableInstruments();
        _backlog.Current = new OutboxBacklog(Pending: 0, Lag: TimeSpan.Zero, DateTimeOffset.UtcNow, Error: null);
        backlog.RecordObservableInstruments();
        lag.RecordObservableInstruments();

        Assert.Equal([1200L, 0L], backlog.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal([42.0, 0.0], lag.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Theory]
    [InlineData(5, HealthStatus.Healthy)]
    [InlineData(61, HealthStatus.Degraded)]
    public async Task The_relay_is_degraded_while_its_lag_passes_the_threshold(int lagSeconds, HealthStatus expected)
    {
        _backlog.Current = new OutboxBacklog(10, TimeSpan.FromSeconds(lagSeconds), DateTimeOffset.UtcNow, Error: null);
        var check = new OutboxLagHealthCheck(_backlog, Options.Create(new OutboxRelayOptions { LagDegradedThreshold = TimeSpan.FromMinutes(1) }));

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public async Task The_relay_is_unhealthy_while_the_backlog_cannot_be_measured()
    {
        _backlog.Current = OutboxBacklog.Unknown with { Error = "connection refused" };
        var check = new OutboxLagHealthCheck(_backlog, Options.Create(new OutboxRelayOptions()));

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("connection refused", result.Description, StringComparison.Ordinal);
    }

    public void Dispose() => _services.Dispose();

    private MetricCollector<T> Collect<T>(string instrument) where T : struct =>
        new(MeterFactory, RelayTelemetry.Name, instrument);

    private sealed class FakeBacklog : IOutboxBacklogSource
    {
        public OutboxBacklog Current { get; set; } = OutboxBacklog.Unknown;
    }
}
