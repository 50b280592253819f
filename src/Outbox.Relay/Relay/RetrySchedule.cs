namespace Outbox.Relay.Relay;

/// <summary>Exponential back-off with jitter, capped: base, 2 × base, 4 × base … up to the cap, each stretched by up to 20%.</summary>
internal static class RetrySchedule
{
    /// <param name="failures">Consecutive failures so far, at least 1.</param>
    /// <param name="baseDelay">The delay after the first failure.</param>
    /// <param name="cap">The longest delay before jitter.</param>
    /// <param name="jitter">A number in [0, 1), e.g. <see cref="Random.NextDouble"/>.</param>
    public static TimeSpan Delay(int failures, TimeSpan baseDelay, TimeSpan cap, double jitter)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var delay = TimeSpan.FromTicks(Math.Min(cap.Ticks, baseDelay.Ticks * (1L << exponent)));
        return delay + (delay * (0.2 * jitter));
    }
}
