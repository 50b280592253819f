using Mediator;
using Outbox.Contracts.IntegrationEvents;
using Outbox.Relay.Messaging;
using Users.Domain;

namespace Outbox.Relay.DomainEventHandlers;

/// <summary>
/// Decides what the rest of the system hears about a registration: a <see cref="UserRegisteredIntegrationEvent"/>
/// under the domain event's id, so the message id is the outbox id end to end.
/// </summary>
internal sealed class UserRegisteredDomainEventHandler(IIntegrationEventPublisher publisher)
    : INotificationHandler<UserRegistered>
{
    public async ValueTask Handle(UserRegistered notification, CancellationToken cancellationToken)
    {
        var integrationEvent = new UserRegisteredIntegrationEvent(
            notification.Id, notification.OccurredOn, notification.UserId, notification.Email, notification.Name);

        await publisher.PublishAsync(integrationEvent, IntegrationEventTopology.RoutingKeys.UserRegistered, cancellationToken);
    }
}
