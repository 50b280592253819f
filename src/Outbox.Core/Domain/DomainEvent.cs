namespace Outbox.Core.Domain;

/// <summary>Base for domain events: positional records named in the past tense.</summary>
public abstract record DomainEvent(Guid Id, DateTimeOffset OccurredOn) : IDomainEvent;
