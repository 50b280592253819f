namespace Outbox.Core.Persistence;

/// <summary>The relay's control row: whether operators paused it, and when that last changed.</summary>
public sealed class OutboxRelayControl
{
    public int Id { get; init; } = OutboxRelayControlTable.SingletonId;

    /// <summary>While true, no relay replica claims anything; registrations keep writing outbox rows.</summary>
    public bool Paused { get; set; }

    public DateTimeOffset? ChangedOnUtc { get; set; }
}
