namespace Outbox.Relay.Relay;

/// <summary>One reading of the outbox: how many messages wait, and how long the oldest has waited.</summary>
internal readonly record struct OutboxBacklog(long Pending, TimeSpan Lag, DateTimeOffset MeasuredAt, string? Error)
{
    public static OutboxBacklog Unknown { get; } = new(0, TimeSpan.Zero, DateTimeOffset.MinValue, "Not measured yet.");
}
