using System.ComponentModel.DataAnnotations;

namespace Outbox.Relay.Relay;

/// <summary>Relay settings (configuration section "OutboxRelay").</summary>
public sealed class OutboxRelayOptions
{
    public const string SectionName = "OutboxRelay";

    /// <summary>Rows claimed per transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How long the relay sleeps after finding nothing to do.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long one batch may wait for the broker's confirms before it is abandoned (rolled back).</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Cap of the exponential back-off while the broker or the database is unreachable.</summary>
    public TimeSpan MaxBrokerBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cap of the delay before a message whose handler failed is tried again.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
