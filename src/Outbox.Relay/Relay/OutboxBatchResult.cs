namespace Outbox.Relay.Relay;

/// <summary>A summary of one batch, for the relay loop to decide what to do next.</summary>
internal readonly record struct OutboxBatchResult(int Claimed, int Published, int Failed, int Dead, string? BrokerError)
{
    public static OutboxBatchResult Empty { get; } = new(0, 0, 0, 0, null);

    public bool BrokerUnavailable => BrokerError is not null;
}
