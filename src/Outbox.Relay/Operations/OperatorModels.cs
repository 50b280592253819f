using System.Text.Json;

namespace Outbox.Relay.Operations;

/// <summary>
/// The outbox at a glance. The four counts are disjoint: <paramref name="Pending"/> waits for its first attempt,
/// <paramref name="InRetry"/> failed at least once and waits for the next, <paramref name="Dead"/> was set aside,
/// <paramref name="Processed"/> was published and is kept until retention deletes it.
/// </summary>
public sealed record OutboxSummary(
    long Pending,
    long InRetry,
    long Dead,
    long Processed,
    TimeSpan? OldestPendingAge,
    bool Paused,
    DateTimeOffset? PausedChangedOnUtc,
    IReadOnlyList<DeadMessageSummary> RecentDead);

/// <summary>A dead message without its payload.</summary>
public sealed record DeadMessageSummary(
    Guid Id, string Type, int Attempts, string? LastError, DateTimeOffset OccurredOnUtc, DateTimeOffset DeadOnUtc);

/// <summary>A dead message with its payload, as the relay would publish it.</summary>
public sealed record DeadMessage(
    Guid Id,
    string Type,
    int Attempts,
    string? LastError,
    DateTimeOffset OccurredOnUtc,
    DateTimeOffset DeadOnUtc,
    JsonElement Payload);

/// <summary>One page of dead messages, newest first.</summary>
public sealed record DeadMessagePage(int Page, int PageSize, long Total, IReadOnlyList<DeadMessageSummary> Items);

/// <summary>Whether the relay is paused, for every replica.</summary>
public sealed record RelayState(bool Paused, DateTimeOffset? ChangedOnUtc);

/// <summary>How many dead messages went back to pending.</summary>
public sealed record ReplayResult(int Replayed);

/// <summary>How many dead messages were deleted.</summary>
public sealed record PurgeResult(int Purged, DateTimeOffset DeadBeforeUtc);
