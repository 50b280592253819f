using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Notifications.Api.Consumers;

/// <summary>
/// The consumer's ActivitySource and metrics (Meter "Outbox.Notifications", listened to by ServiceDefaults): what was
/// processed, absorbed as a duplicate, retried or dead-lettered, and how long a message took from the moment its event
/// occurred (in the Users service) to its processing here.
/// </summary>
internal sealed class NotificationsTelemetry
{
    public const string Name = "Outbox.Notifications";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _processed;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<double> _deliveryLatency;

    public NotificationsTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _processed = meter.CreateCounter<long>("outbox.consumer.messages.processed", "{message}",
            "Messages processed for the first time.");
        _duplicates = meter.CreateCounter<long>("outbox.consumer.messages.duplicates", "{message}",
            "Redeliveries absorbed by the inbox.");
        _retried = meter.CreateCounter<long>("outbox.consumer.messages.retried", "{message}",
            "Deliveries whose handling failed and that were sent to the retry queue.");
        _deadLettered = meter.CreateCounter<long>("outbox.consumer.messages.dead_lettered", "{message}",
            "Messages moved to the dead-letter queue.");
        _deliveryLatency = meter.CreateHistogram<double>("outbox.consumer.delivery.latency", "s",
            "From the event's occurrence in the Users service to its processing here.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
    }

    public void Processed(TimeSpan sinceOccurred)
    {
        _processed.Add(1);
        _deliveryLatency.Record(Math.Max(0, sinceOccurred.TotalSeconds));
    }

    public void Duplicate() => _duplicates.Add(1);

    public void Retried() => _retried.Add(1);

    public void DeadLettered() => _deadLettered.Add(1);
}
