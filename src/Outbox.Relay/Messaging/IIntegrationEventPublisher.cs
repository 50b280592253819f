using Outbox.Contracts.IntegrationEvents;

namespace Outbox.Relay.Messaging;

/// <summary>Publishes integration events to the message bus and returns once the broker has confirmed them.</summary>
public interface IIntegrationEventPublisher
{
    /// <exception cref="BrokerUnavailableException">The broker could not be reached or did not confirm in time.</exception>
    /// <exception cref="UnroutableMessageException">The broker confirmed it but no queue is bound to take it.</exception>
    Task PublishAsync(IntegrationEvent integrationEvent, string routingKey, CancellationToken cancellationToken);
}
