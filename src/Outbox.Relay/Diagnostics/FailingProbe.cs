using Outbox.Core.Domain;

namespace Outbox.Relay.Diagnostics;

/// <summary>
/// A domain event whose handler always fails, to watch the relay's retry and dead-letter path against a real
/// pipeline (the fault tests, and operators trying the tooling). The relay only knows this type when
/// <c>OutboxRelay:EnableFailingProbe</c> is true; otherwise a row of this type is an unknown type, dead at once.
/// </summary>
[DomainEventName(Name)]
public sealed record FailingProbe(Guid Id, DateTimeOffset OccurredOn, string Reason) : DomainEvent(Id, OccurredOn)
{
    public const string Name = "diagnostics.failing-probe";
}
