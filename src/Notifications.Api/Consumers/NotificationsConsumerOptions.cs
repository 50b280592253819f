using System.ComponentModel.DataAnnotations;

namespace Notifications.Api.Consumers;

/// <summary>Consumer settings (configuration section "NotificationsConsumer").</summary>
public sealed class NotificationsConsumerOptions
{
    public const string SectionName = "NotificationsConsumer";

    /// <summary>The queue this service consumes; durable, bound to the integration-event exchange.</summary>
    public const string QueueName = "notifications.integration-events";

    /// <summary>Unacknowledged deliveries the broker may push at once.</summary>
    [Range(1, 1000)]
    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>Pause before a delivery whose handling failed is handed back to the broker for redelivery.</summary>
    public TimeSpan RedeliveryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
