namespace Outbox.Core.Persistence;

/// <summary>
/// Table and column names of the outbox. The relay claims rows with hand-written SQL for speed, so the names are fixed
/// here rather than left to whatever naming convention the host DbContext uses.
/// </summary>
public static class OutboxTable
{
    public const string Name = "outbox_messages";
    public const string Id = "id";
    public const string Type = "type";
    public const string Payload = "payload";
    public const string OccurredOnUtc = "occurred_on_utc";
    public const string ProcessedOnUtc = "processed_on_utc";
    public const string Attempts = "attempts";
    public const string LastError = "last_error";
    public const string NextAttemptOnUtc = "next_attempt_on_utc";
    public const string DeadOnUtc = "dead_on_utc";
    public const string TraceParent = "trace_parent";
    public const string TraceState = "trace_state";
    public const string Baggage = "baggage";
    public const string PendingIndex = "ix_outbox_messages_pending";
    public const string ProcessedIndex = "ix_outbox_messages_processed";
    public const string DeadIndex = "ix_outbox_messages_dead";

    /// <summary>
    /// The NOTIFY channel writers signal after committing outbox rows, so the relay (which LISTENs on it) wakes at once
    /// instead of waiting for its next poll.
    /// </summary>
    public const string WakeUpChannel = "outbox_messages";

    /// <summary>Longest error text kept per row; a stack trace is not an error message.</summary>
    public const int LastErrorMaxLength = 2000;
}
