using System.ComponentModel.DataAnnotations;

namespace Notifications.Api.Consumers;

/// <summary>Consumer settings (configuration section "NotificationsConsumer").</summary>
public sealed class NotificationsConsumerOptions : IValidatableObject
{
    public const string SectionName = "NotificationsConsumer";

    /// <summary>Unacknowledged deliveries the broker may push at once.</summary>
    [Range(1, 1000)]
    public ushort PrefetchCount { get; set; } = 64;

    /// <summary>
    /// Deliveries handled at the same time. Each is a short database transaction, so more than the cores: with 4 the
    /// consumer was the end-to-end bottleneck in the benchmark (docs/benchmarks).
    /// </summary>
    [Range(1, 64)]
    public ushort Concurrency { get; set; } = 16;

    /// <summary>How long a delivery whose handling failed waits in the retry queue before it is tried again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts (the first delivery included) before a failing message goes to the dead-letter queue.</summary>
    [Range(1, 100)]
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>
    /// How long inbox rows are kept to recognise redeliveries. Must outlast any redelivery: the consumer's own retries,
    /// and a relay that republishes after a crash or an operator's replay.
    /// </summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often expired inbox rows are pruned.</summary>
    public TimeSpan InboxPruneInterval { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DedupeWindow <= RetryDelay * MaxDeliveryAttempts)
        {
            yield return new ValidationResult(
                $"{nameof(DedupeWindow)} must be longer than {nameof(RetryDelay)} × {nameof(MaxDeliveryAttempts)}, or a retried message could be processed twice.",
                [nameof(DedupeWindow)]);
        }
    }
}
