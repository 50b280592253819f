namespace Outbox.Core.Domain;

/// <summary>
/// The stable name a domain event is stored under in the outbox. Renaming or moving the CLR type must not strand
/// rows already written, so the outbox never stores CLR type names.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DomainEventNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
