using Outbox.Contracts.IntegrationEvents;
using RabbitMQ.Client;

namespace Notifications.Api.Consumers;

/// <summary>
/// The queues this service owns. Deliveries whose handling fails wait in a retry queue whose TTL sends them back to
/// the main queue (no hot requeue loop); messages that can never be handled go through a dead-letter exchange to a
/// dead-letter queue, with the reason in their headers, and the main queue keeps flowing.
/// </summary>
internal static class NotificationsTopology
{
    public const string Queue = "notifications.integration-events";
    public const string RetryQueue = "notifications.integration-events.retry";
    public const string DeadLetterExchange = "notifications.dead-letter";
    public const string DeadLetterQueue = "notifications.integration-events.dead-letter";

    /// <summary>Headers the consumer sets on messages it retries or dead-letters.</summary>
    public static class Headers
    {
        public const string DeliveryAttempts = "x-delivery-attempts";
        public const string LastError = "x-last-error";
        public const string DeadLetterReason = "x-dead-letter-reason";
        public const string DeadLetteredAt = "x-dead-lettered-at";
    }

    /// <summary>Declares everything (idempotently) and binds the main queue to the events this service handles.</summary>
    public static async Task DeclareAsync(IChannel channel, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(
            IntegrationEventTopology.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(
            DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(
            DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, routingKey: "", cancellationToken: cancellationToken);

        // Anything the broker itself dead-letters from the main queue (a rejection) lands in the same place.
        await channel.QueueDeclareAsync(
            Queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-dead-letter-exchange"] = DeadLetterExchange },
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(
            Queue, IntegrationEventTopology.Exchange, IntegrationEventTopology.RoutingKeys.UserRegistered,
            cancellationToken: cancellationToken);

        await channel.QueueDeclareAsync(
            RetryQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?>
            {
                ["x-message-ttl"] = (long)retryDelay.TotalMilliseconds,
                ["x-dead-letter-exchange"] = "",
                ["x-dead-letter-routing-key"] = Queue,
            },
            cancellationToken: cancellationToken);
    }
}
