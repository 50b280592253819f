namespace Outbox.Core.Domain;

/// <summary>An outbox row names an event type this process does not know.</summary>
public sealed class UnknownDomainEventTypeException(string type)
    : Exception($"No domain event type is registered under the name '{type}'.")
{
    public string Type { get; } = type;
}
