using System.Text.Json;

namespace Outbox.Core.Domain;

/// <summary>Turns domain events into outbox payloads and back, with one cached set of serializer options.</summary>
public sealed class DomainEventSerializer(DomainEventTypeRegistry registry)
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public DomainEventTypeRegistry Registry => registry;

    public (string Type, string Payload) Serialize(IDomainEvent domainEvent)
    {
        var eventType = domainEvent.GetType();
        return (registry.GetName(eventType), JsonSerializer.Serialize(domainEvent, eventType, SerializerOptions));
    }

    /// <exception cref="UnknownDomainEventTypeException">No event type is registered under <paramref name="type"/>.</exception>
    /// <exception cref="JsonException">The payload is not a valid event of that type.</exception>
    public IDomainEvent Deserialize(string type, string payload)
    {
        if (!registry.TryGetType(type, out var eventType))
        {
            throw new UnknownDomainEventTypeException(type);
        }

        return JsonSerializer.Deserialize(payload, eventType, SerializerOptions) as IDomainEvent
            ?? throw new JsonException($"The payload of a '{type}' outbox message is null.");
    }
}
