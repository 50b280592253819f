namespace Outbox.Core.Domain;

/// <summary>What the outbox interceptor looks for among tracked entities.</summary>
public interface IHasDomainEvents
{
    IReadOnlyCollection<IDomainEvent> DomainEvents { get; }

    void ClearDomainEvents();
}
