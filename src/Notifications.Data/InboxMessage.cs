namespace Notifications.Data;

/// <summary>
/// A message a consumer has processed. The key (message id, consumer) is what makes processing effectively once: the
/// row is inserted in the same transaction as the consumer's own writes, so a redelivered message finds it and is skipped.
/// </summary>
public sealed class InboxMessage
{
    public required Guid MessageId { get; init; }

    public required string Consumer { get; init; }

    public required DateTimeOffset ProcessedOnUtc { get; init; }

    /// <summary>Redeliveries absorbed after the first processing: how often at-least-once delivery said it twice.</summary>
    public int DuplicateDeliveries { get; init; }
}
