using System.Text.Json;
using Outbox.Core.Domain;
using Users.Domain;

namespace Outbox.UnitTests.Outbox;

public sealed class DomainEventSerializerTests
{
    private readonly DomainEventSerializer _serializer = new(DomainEventTypeRegistry.FromAssemblies(typeof(UserRegistered).Assembly));

    [Fact]
    public void Round_trips_an_event_under_its_stable_name()
    {
        var original = new UserRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "ada@example.com", "Ada");

        var (type, payload) = _serializer.Serialize(original);
        var restored = _serializer.Deserialize(type, payload);

        Assert.Equal("users.user-registered", type);
        Assert.Equal(original, restored);
    }

    [Fact]
    public void Unknown_type_names_are_refused_with_the_name()
    {
        var exception = Assert.Throws<UnknownDomainEventTypeException>(() => _serializer.Deserialize("users.user-vanished", "{}"));

        Assert.Equal("users.user-vanished", exception.Type);
    }

    [Fact]
    public void Malformed_payloads_are_refused()
    {
        Assert.ThrowsAny<JsonException>(() => _serializer.Deserialize("users.user-registered", "{not json"));
        Assert.ThrowsAny<JsonException>(() => _serializer.Deserialize("users.user-registered", "null"));
    }

    [Fact]
    public void Two_types_with_one_name_are_refused_at_start_up()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => new DomainEventTypeRegistry([typeof(UserRegistered), typeof(ImpostorEvent)]));

        Assert.Contains("users.user-registered", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_without_a_name_cannot_be_serialized()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => _serializer.Serialize(new UnnamedEvent(Guid.NewGuid(), DateTimeOffset.UtcNow)));

        Assert.Contains(nameof(UnnamedEvent), exception.Message, StringComparison.Ordinal);
    }

    [DomainEventName("users.user-registered")]
    private sealed record ImpostorEvent(Guid Id, DateTimeOffset OccurredOn) : DomainEvent(Id, OccurredOn);

    private sealed record UnnamedEvent(Guid Id, DateTimeOffset OccurredOn) : DomainEvent(Id, OccurredOn);
}
