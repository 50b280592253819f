namespace Outbox.AppHost.Tests.Operations;

// The operator APIs' contract as a client sees it; deliberately not shared with the services' own types.
internal sealed record OutboxSummaryDto(
    long Pending, long InRetry, long Dead, long Processed, TimeSpan? OldestPendingAge, bool Paused,
    DateTimeOffset? PausedChangedOnUtc, List<DeadMessageSummaryDto> RecentDead);

internal sealed record DeadMessageSummaryDto(
    Guid Id, string Type, int Attempts, string? LastError, DateTimeOffset OccurredOnUtc, DateTimeOffset DeadOnUtc);

internal sealed record DeadMessageDto(
    Guid Id, string Type, int Attempts, string? LastError, DateTimeOffset OccurredOnUtc, DateTimeOffset DeadOnUtc,
    System.Text.Json.JsonElement Payload);

internal sealed record DeadMessagePageDto(int Page, int PageSize, long Total, List<DeadMessageSummaryDto> Items);

internal sealed record RelayStateDto(bool Paused, DateTimeOffset? ChangedOnUtc);

internal sealed record ReplayResultDto(int Replayed);

internal sealed record PurgeResultDto(int Purged, DateTimeOffset DeadBeforeUtc);

internal sealed record DeadLetterDto(
    string? MessageId, string? Type, string? Reason, string? DeadLetteredAt, int? DeliveryAttempts, string Body);

internal sealed record DeadLetterListDto(uint Total, List<DeadLetterDto> Items);

internal sealed record RequeueResultDto(int Requeued);
