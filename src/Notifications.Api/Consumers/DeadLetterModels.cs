namespace Notifications.Api.Consumers;

/// <summary>A message sitting in the dead-letter queue, as an operator sees it.</summary>
public sealed record DeadLetter(
    string? MessageId,
    string? Type,
    string? Reason,
    string? DeadLetteredAt,
    int? DeliveryAttempts,
    string Body);

/// <summary>The dead-letter queue's depth and the first messages in it.</summary>
public sealed record DeadLetterList(uint Total, IReadOnlyList<DeadLetter> Items);

/// <summary>How many dead letters went back to the main queue.</summary>
public sealed record RequeueResult(int Requeued);
