using Mediator;

namespace Outbox.Core.Domain;

/// <summary>
/// Something that happened inside an aggregate. Its <see cref="Id"/> becomes the outbox message id and, from there,
/// the id every downstream message carries, so one occurrence is recognisable however often it is delivered.
/// </summary>
public interface IDomainEvent : INotification
{
    Guid Id { get; }

    DateTimeOffset OccurredOn { get; }
}
