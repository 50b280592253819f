using System.Diagnostics;
using System.Text.Json;
using Outbox.Contracts.IntegrationEvents;
using Outbox.Benchmarks.Measurement;
using RabbitMQ.Client;

namespace Outbox.Benchmarks.Scenarios;

/// <summary>
/// (1) The physical limit: a bare publisher sends the relay's own message (same body, properties and headers) to the
/// same exchange, routed to the same durable queue, with publisher confirms awaited and at most
/// <see cref="BenchmarkSettings.MaxOutstandingConfirms"/> outstanding.
/// </summary>
internal static class BrokerCeilingScenario
{
    /// <summary>The queue the integration events land in (Notifications declares it); drained between scenarios.</summary>
    public const string NotificationsQueue = "notifications.integration-events";

    public static async Task RunAsync(BenchmarkApp app, BenchmarkSettings settings, BenchmarkResults results, CancellationToken cancellationToken)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(app.RabbitMqConnectionString) }
            .CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);

        var sample = SampleBody();
        results["message_body_bytes"] = sample.Length;

        // Warm-up: connection, channel and the JIT, outside the measurement.
        await PublishAsync(channel, Math.Min(2_000, settings.CeilingMessages / 10), cancellationToken);
        await channel.QueuePurgeAsync(NotificationsQueue, cancellationToken);

        var cpu = new CpuUsage(app);
        var cpuBefore = cpu.Take();
        var elapsed = await PublishAsync(channel, settings.CeilingMessages, cancellationToken);
        CpuUsage.Record(results, "broker_ceiling", cpuBefore, cpu.Take());
        var rate = settings.CeilingMessages / elapsed.TotalSeconds;
        results["broker_ceiling_msgs_per_s"] = rate;
        Console.WriteLine($"  broker ceiling: {settings.CeilingMessages:N0} confirmed in {elapsed.TotalSeconds:F2} s = {rate:N0} msg/s ({sample.Length} B bodies)");

        await channel.QueuePurgeAsync(NotificationsQueue, cancellationToken);
    }

    public static async Task PurgeNotificationsQueueAsync(BenchmarkApp app, CancellationToken cancellationToken)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(app.RabbitMqConnectionString) }
            .CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueuePurgeAsync(NotificationsQueue, cancellationToken);
    }

    private static async Task<TimeSpan> PublishAsync(IChannel channel, int count, CancellationToken cancellationToken)
    {
        using var window = new SemaphoreSlim(BenchmarkSettings.MaxOutstandingConfirms);
        var failures = 0;
        var inFlight = new List<Task>(count);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await window.WaitAsync(cancellationToken);
            inFlight.Add(PublishOneAsync());
        }

        await Task.WhenAll(inFlight);
        stopwatch.Stop();
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} publishes of the broker-ceiling run were not confirmed.");
        }

        return stopwatch.Elapsed;

        async Task PublishOneAsync()
        {
            try
            {
                var id = Guid.CreateVersion7();
                var properties = new BasicProperties
                {
                    MessageId = id.ToString(),
                    Type = IntegrationEventTopology.RoutingKeys.UserRegistered,
                    ContentType = "application/json",
                    DeliveryMode = DeliveryModes.Persistent,
                    Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
                    Headers = new Dictionary<string, object?> { ["traceparent"] = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01" },
                };
                await channel.BasicPublishAsync(
                    IntegrationEventTopology.Exchange, IntegrationEventTopology.RoutingKeys.UserRegistered, mandatory: true,
                    properties, Body(id), cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref failures);
            }
            finally
            {
                window.Release();
            }
        }
    }

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    private static byte[] SampleBody() => Body(Guid.CreateVersion7());

    /// <summary>The relay's message for a registration, serialised as the relay serialises it.</summary>
    private static byte[] Body(Guid id) => JsonSerializer.SerializeToUtf8Bytes(
        new UserRegisteredIntegrationEvent(id, DateTimeOffset.UtcNow, Guid.CreateVersion7(), $"seeded-{id}@example.com", "Seeded"),
        SerializerOptions);
}
