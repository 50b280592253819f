using System.Globalization;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Notifications.Api.Consumers;

/// <summary>
/// Moves a delivery the consumer could not handle to the retry queue or to the dead-letter exchange: a copy with the
/// same id, properties and body plus headers saying why, published with confirms awaited before the original is acked.
/// A crash in between leaves both; the inbox absorbs the duplicate.
/// </summary>
internal sealed class FailedDeliveryPublisher(IChannel channel, TimeProvider timeProvider)
{
    /// <summary>How many times the message has been delivered to this consumer so far, this delivery included.</summary>
    public static int DeliveryAttempt(BasicDeliverEventArgs delivery) =>
        delivery.BasicProperties.Headers?.TryGetValue(NotificationsTopology.Headers.DeliveryAttempts, out var value) == true
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture) + 1
            : 1;

    public Task RetryLaterAsync(BasicDeliverEventArgs delivery, string error, CancellationToken cancellationToken) =>
        RepublishAsync(delivery, exchange: "", NotificationsTopology.RetryQueue, new()
        {
            [NotificationsTopology.Headers.DeliveryAttempts] = DeliveryAttempt(delivery),
            [NotificationsTopology.Headers.LastError] = Truncate(error),
        }, cancellationToken);

    public Task DeadLetterAsync(BasicDeliverEventArgs delivery, string reason, CancellationToken cancellationToken) =>
        RepublishAsync(delivery, NotificationsTopology.DeadLetterExchange, routingKey: delivery.RoutingKey, new()
        {
            [NotificationsTopology.Headers.DeliveryAttempts] = DeliveryAttempt(delivery),
            [NotificationsTopology.Headers.DeadLetterReason] = Truncate(reason),
            [NotificationsTopology.Headers.DeadLetteredAt] = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        }, cancellationToken);

    private async Task RepublishAsync(
        BasicDeliverEventArgs delivery,
        string exchange,
        string routingKey,
        Dictionary<string, object?> headers,
        CancellationToken cancellationToken)
    {
        var properties = new BasicProperties(delivery.BasicProperties)
        {
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>(delivery.BasicProperties.Headers ?? new Dictionary<string, object?>()),
        };
        foreach (var (key, value) in headers)
        {
            properties.Headers[key] = value is string text ? Encoding.UTF8.GetBytes(text) : value;
        }

        await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, delivery.Body, cancellationToken);
    }

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];
}
