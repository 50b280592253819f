namespace Outbox.Core.Persistence;

/// <summary>
/// One row of the outbox table: a domain event waiting to be relayed, written in the same transaction as the change
/// that raised it.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The domain event id; the message id all the way downstream.</summary>
    public required Guid Id { get; init; }

    /// <summary>The event's stable name (see <c>DomainEventNameAttribute</c>).</summary>
    public required string Type { get; init; }

    /// <summary>The event as JSON (jsonb).</summary>
    public required string Payload { get; init; }

    public required DateTimeOffset OccurredOnUtc { get; init; }

    /// <summary>When the relay handed the event over; null while it waits.</summary>
    public DateTimeOffset? ProcessedOnUtc { get; set; }

    /// <summary>Failed relay attempts so far.</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// When the relay gave up on the message (it can never be published, or failed its last allowed attempt); dead
    /// messages are kept, with <see cref="LastError"/>, until an operator replays or purges them.
    /// </summary>
    public DateTimeOffset? DeadOnUtc { get; set; }

    /// <summary>
    /// The W3C trace context of the code that raised the event (traceparent, tracestate, baggage), so the relay's
    /// publish continues the trace of the request that wrote the row.
    /// </summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public string? Baggage { get; init; }

    /// <summary>Not to be claimed before this time; set after a failed attempt.</summary>
    public DateTimeOffset? NextAttemptOnUtc { get; set; }
}
