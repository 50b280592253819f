namespace Outbox.Relay.Relay;

/// <summary>What happened to one claimed message.</summary>
internal enum PublishOutcomeKind
{
    /// <summary>Every handler succeeded and every publish was confirmed: mark it processed.</summary>
    Published,

    /// <summary>The handling failed: count an attempt and retry later, or mark it dead after the last attempt.</summary>
    Failed,

    /// <summary>The message can never be handled (unknown type, unreadable payload): mark it dead at once.</summary>
    Poison,

    /// <summary>The broker could not be reached: nothing is wrong with the message; leave it as it was.</summary>
    BrokerUnavailable,
}

internal readonly record struct PublishOutcome(PublishOutcomeKind Kind, string? Error = null)
{
    public static PublishOutcome Published { get; } = new(PublishOutcomeKind.Published);

    public static PublishOutcome Failed(string error) => new(PublishOutcomeKind.Failed, error);

    public static PublishOutcome Poison(string error) => new(PublishOutcomeKind.Poison, error);

    public static PublishOutcome BrokerUnavailable(string error) => new(PublishOutcomeKind.BrokerUnavailable, error);
}
