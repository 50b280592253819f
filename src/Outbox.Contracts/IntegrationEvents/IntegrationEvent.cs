namespace Outbox.Contracts.IntegrationEvents;

/// <summary>
/// A fact published to other services. <see cref="Id"/> is the outbox message id, carried as the AMQP
/// message id so that every consumer can deduplicate redeliveries.
/// </summary>
public abstract record IntegrationEvent(Guid Id, DateTimeOffset OccurredOn);
