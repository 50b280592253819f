using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace Notifications.Api.Consumers;

/// <summary>
/// What operators do to the dead-letter queue: look at it, and move what is in it back to the main queue. Nothing
/// consumes the dead-letter queue, so these are the only hands on it.
/// </summary>
internal sealed class DeadLetterQueueOperations(IConnection connection)
{
    private const int MaxBodyChars = 4000;

    // The consumer's bookkeeping and the broker's own dead-lettering history: a requeued message starts afresh.
    private static readonly string[] ResetHeaders =
    [
        NotificationsTopology.Headers.DeliveryAttempts,
        NotificationsTopology.Headers.LastError,
        NotificationsTopology.Headers.DeadLetterReason,
        NotificationsTopology.Headers.DeadLetteredAt,
        "x-death",
        "x-first-death-exchange", "x-first-death-queue", "x-first-death-reason",
        "x-last-death-exchange", "x-last-death-queue", "x-last-death-reason",
    ];

    /// <summary>
    /// Peeks at up to <paramref name="limit"/> messages: gets them unacknowledged, then hands them all back, which
    /// returns them to their places in the queue (marked redelivered, otherwise untouched).
    /// </summary>
    public async Task<DeadLetterList> PeekAsync(int limit, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var depth = await channel.QueueDeclarePassiveAsync(NotificationsTopology.DeadLetterQueue, cancellationToken);

        var items = new List<DeadLetter>(limit);
        ulong lastTag = 0;
        try
        {
            while (items.Count < limit
                && await channel.BasicGetAsync(NotificationsTopology.DeadLetterQueue, autoAck: false, cancellationToken) is { } message)
            {
                lastTag = message.DeliveryTag;
                items.Add(Describe(message.BasicProperties, message.Body));
            }
        }
        finally
        {
            // Also when the read failed half way: never keep a dead letter; closing the channel would return them too.
            if (lastTag > 0)
            {
                await channel.BasicNackAsync(lastTag, multiple: true, requeue: true, CancellationToken.None);
            }
        }

        return new DeadLetterList(depth.MessageCount, items);
    }

    /// <summary>
    /// Moves every message that is in the dead-letter queue now back to the main queue, one at a time: republished
    /// to it with the same id, type and body (attempt count and dead-letter headers reset), confirmed by the broker,
    /// and only then removed from the dead-letter queue. A crash in between leaves a copy in both; the inbox absorbs
    /// the duplicate. Messages that die again while this runs are not picked up a second time.
    /// </summary>
    public async Task<int> RequeueAllAsync(CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        var depth = (await channel.QueueDeclarePassiveAsync(NotificationsTopology.DeadLetterQueue, cancellationToken)).MessageCount;

        var moved = 0;
        while (moved < depth
            && await channel.BasicGetAsync(NotificationsTopology.DeadLetterQueue, autoAck: false, cancellationToken) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties)
            {
                DeliveryMode = DeliveryModes.Persistent,
                Headers = new Dictionary<string, object?>(message.BasicProperties.Headers ?? new Dictionary<string, object?>()),
            };
            foreach (var header in ResetHeaders)
            {
                properties.Headers.Remove(header);
            }

            // Throws when the broker nacks or cannot route it; the unacked original goes back to the queue with the channel.
            await channel.BasicPublishAsync(
                exchange: "", NotificationsTopology.Queue, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }

    private static DeadLetter Describe(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Span);
        return new DeadLetter(
            properties.MessageId,
            properties.Type,
            Header(properties, NotificationsTopology.Headers.DeadLetterReason),
            Header(properties, NotificationsTopology.Headers.DeadLetteredAt),
            int.TryParse(Header(properties, NotificationsTopology.Headers.DeliveryAttempts), CultureInfo.InvariantCulture, out var attempts)
                ? attempts
                : null,
            text.Length <= MaxBodyChars ? text : text[..MaxBodyChars]);
    }

    private static string? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => null,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            }
            : null;
}
