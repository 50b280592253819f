using System.Diagnostics.Metrics;

namespace Outbox.Relay.Relay;

/// <summary>
/// The relay's metrics: what it published, what failed and what went dead, how big and how long its batches are, and
/// the outbox's backlog and lag (observed from the backlog monitor's last reading, so collecting them
/// costs no query).
/// </summary>
internal sealed class OutboxRelayMetrics
{
    private readonly Counter<long> _published;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dead;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;

    public OutboxRelayMetrics(IMeterFactory meterFactory, IOutboxBacklogSource backlog)
    {
        var meter = meterFactory.Create(RelayTelemetry.Name);
        _published = meter.CreateCounter<long>("outbox.relay.messages.published", "{message}",
            "Outbox messages published and confirmed by the broker.");
        _failed = meter.CreateCounter<long>("outbox.relay.messages.failed", "{message}",
            "Failed attempts to relay an outbox message (it will be retried).");
        _dead = meter.CreateCounter<long>("outbox.relay.messages.dead", "{message}",
            "Outbox messages set aside as dead.");
        _batchSize = meter.CreateHistogram<int>("outbox.relay.batch.size", "{message}",
            "Messages claimed per batch.");
        _batchDuration = meter.CreateHistogram<double>("outbox.relay.batch.duration", "s",
            "Time from claiming a batch to committing its outcome.");
        meter.CreateObservableGauge("outbox.relay.backlog", () => backlog.Current.Pending, "{message}",
            "Outbox messages waiting to be published (pending or in retry).");
        meter.CreateObservableGauge("outbox.relay.lag", () => backlog.Current.Lag.TotalSeconds, "s",
            "Age of the oldest message waiting to be published.");
    }

    public void RecordBatch(OutboxBatchResult result, TimeSpan duration)
    {
        _batchSize.Record(result.Claimed);
        _batchDuration.Record(duration.TotalSeconds);
        _published.Add(result.Published);
        _failed.Add(result.Failed);
        _dead.Add(result.Dead);
    }
}
