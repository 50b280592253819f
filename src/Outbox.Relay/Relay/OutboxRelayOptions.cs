using System.ComponentModel.DataAnnotations;

namespace Outbox.Relay.Relay;

/// <summary>Relay settings (configuration section "OutboxRelay").</summary>
public sealed class OutboxRelayOptions
{
    public const string SectionName = "OutboxRelay";

    /// <summary>Rows claimed per transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How long the relay waits after finding nothing to do, unless a wake-up (rows committed) comes first: the
    /// fallback for a missed signal.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long one batch may wait for the broker's confirms before it is abandoned (rolled back).</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Cap of the exponential back-off while the broker or the database is unreachable.</summary>
    public TimeSpan MaxBrokerBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay before the second attempt of a message whose handling failed; doubles with each attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the delay before a message whose handling failed is tried again.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts after which a failing message is marked dead and set aside.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How long processed rows are kept before retention deletes them. Dead rows are never deleted by it.</summary>
    public TimeSpan ProcessedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often retention runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows deleted per retention statement, so a large backlog of old rows never means one huge transaction.</summary>
    [Range(1, 100_000)]
    public int RetentionBatchSize { get; set; } = 1000;

    /// <summary>How often the backlog (pending count and lag) is measured for metrics and health.</summary>
    public TimeSpan BacklogInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The relay's health turns Degraded while the oldest waiting message is older than this.</summary>
    public TimeSpan LagDegradedThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Registers the <c>diagnostics.failing-probe</c> event, whose handler always fails (see FailingProbe).</summary>
    public bool EnableFailingProbe { get; set; }
}
