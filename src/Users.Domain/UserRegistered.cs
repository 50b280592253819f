using Outbox.Core.Domain;

namespace Users.Domain;

/// <summary>A user registered. Raised by <see cref="User.Register"/>.</summary>
[DomainEventName("users.user-registered")]
public sealed record UserRegistered(Guid Id, DateTimeOffset OccurredOn, Guid UserId, string Email, string Name)
    : DomainEvent(Id, OccurredOn);
