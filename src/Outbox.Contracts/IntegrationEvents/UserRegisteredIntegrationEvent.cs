namespace Outbox.Contracts.IntegrationEvents;

/// <summary>A user registered with the Users service.</summary>
public sealed record UserRegisteredIntegrationEvent(
    Guid Id,
    DateTimeOffset OccurredOn,
    Guid UserId,
    string Email,
    string Name) : IntegrationEvent(Id, OccurredOn);
