using System.Collections.Frozen;
using System.Reflection;

namespace Outbox.Core.Domain;

/// <summary>
/// Maps stored event names to CLR types and back. Built once at start-up from the assemblies that define the events,
/// so the hot paths (writing and relaying) only do dictionary look-ups.
/// </summary>
public sealed class DomainEventTypeRegistry
{
    private readonly FrozenDictionary<string, Type> _typesByName;
    private readonly FrozenDictionary<Type, string> _namesByType;

    public DomainEventTypeRegistry(IEnumerable<Type> eventTypes)
    {
        var names = new Dictionary<Type, string>();
        foreach (var type in eventTypes)
        {
            names[type] = NameOf(type);
        }

        var duplicate = names.GroupBy(pair => pair.Value, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Domain event name '{duplicate.Key}' is used by {string.Join(" and ", duplicate.Select(pair => pair.Key.FullName))}.");
        }

        _namesByType = names.ToFrozenDictionary();
        _typesByName = names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
    }

    /// <summary>Every concrete <see cref="IDomainEvent"/> type with a <see cref="DomainEventNameAttribute"/> in the assemblies.</summary>
    public static DomainEventTypeRegistry FromAssemblies(params Assembly[] assemblies) => new(DiscoverTypes(assemblies));

    /// <summary>The types <see cref="FromAssemblies"/> would register.</summary>
    public static IEnumerable<Type> DiscoverTypes(params Assembly[] assemblies) =>
        assemblies
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type is { IsAbstract: false, IsClass: true }
                && typeof(IDomainEvent).IsAssignableFrom(type)
                && type.GetCustomAttribute<DomainEventNameAttribute>() is not null);

    public IReadOnlyCollection<string> Names => _typesByName.Keys;

    public string GetName(Type eventType) =>
        _namesByType.TryGetValue(eventType, out var name)
            ? name
            : throw new InvalidOperationException(
                $"Domain event type {eventType.FullName} is not registered; give it a [DomainEventName] and register its assembly.");

    public bool TryGetType(string name, out Type eventType) => _typesByName.TryGetValue(name, out eventType!);

    private static string NameOf(Type type) =>
        type.GetCustomAttribute<DomainEventNameAttribute>()?.Name
        ?? throw new InvalidOperationException($"Domain event type {type.FullName} has no [DomainEventName].");
}
