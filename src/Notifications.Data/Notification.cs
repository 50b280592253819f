namespace Notifications.Data;

/// <summary>A notification the service recorded for a user.</summary>
public sealed class Notification
{
    public required Guid Id { get; init; }

    public required Guid UserId { get; init; }

    public required string Email { get; init; }

    public required string Kind { get; init; }

    /// <summary>The id of the message that caused it: the outbox message id in the Users service.</summary>
    public required Guid MessageId { get; init; }

    /// <summary>The W3C trace id the message was processed under; empty when there was no trace.</summary>
    public required string TraceId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
