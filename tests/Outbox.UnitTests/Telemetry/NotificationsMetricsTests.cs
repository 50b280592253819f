using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Notifications.Api.Consumers;

namespace Outbox.UnitTests.Telemetry;

public sealed class NotificationsMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IMeterFactory MeterFactory => _services.GetRequiredService<IMeterFactory>();

    [Fact]
    public void Processing_duplicates_retries_and_dead_letters_each_move_their_own_counter()
    {
        var telemetry = new NotificationsTelemetry(MeterFactory);
        using var processed = Collect<long>("outbox.consumer.messages.processed");
        using var duplicates = Collect<long>("outbox.consumer.messages.duplicates");
        using var retried = Collect<long>("outbox.consumer.messages.retried");
        using var deadLettered = Collect<long>("outbox.consumer.messages.dead_lettered");
        using var latency = Collect<double>("outbox.consumer.delivery.latency");

        telemetry.Processed(TimeSpan.FromMilliseconds(8));
        telemetry.Processed(TimeSpan.FromMilliseconds(-3));
        telemetry.Duplicate();
        telemetry.Retried();
        telemetry.Retried();
        telemetry.DeadLettered();

        Assert.Equal(2, processed.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, duplicates.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(2, retried.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, deadLettered.GetMeasurementSnapshot().EvaluateAsCounter());

        // Clock skew between services can make a latency negative; it is recorded as zero, not as a negative number.
        Assert.Equal([0.008, 0.0], latency.GetMeasurementSnapshot().Select(m => Math.Round(m.Value, 6)));
    }

    public void Dispose() => _services.Dispose();

    private MetricCollector<T> Collect<T>(string instrument) where T : struct =>
        new(MeterFactory, NotificationsTelemetry.Name, instrument);
}
