using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Outbox.Core.Diagnostics;
using Outbox.Core.Domain;

namespace Outbox.Core.Persistence;

/// <summary>
/// Turns the domain events raised by tracked aggregates into outbox rows just before EF Core saves, so they are
/// inserted by the same SaveChanges, in the same transaction, as the change that raised them: both commit or neither.
/// </summary>
public sealed class DomainEventsToOutboxInterceptor(DomainEventSerializer serializer) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddOutboxMessages(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        AddOutboxMessages(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void AddOutboxMessages(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // The trace of the request (or job) saving now; the relay continues it when it publishes.
        var trace = TraceContext.From(Activity.Current);
        var aggregates = context.ChangeTracker.Entries<IHasDomainEvents>()
            .Select(entry => entry.Entity)
            .Where(entity => entity.DomainEvents.Count > 0)
            .ToList();

        foreach (var aggregate in aggregates)
        {
            foreach (var domainEvent in aggregate.DomainEvents)
            {
                var (type, payload) = serializer.Serialize(domainEvent);
                context.Add(new OutboxMessage
                {
                    Id = domainEvent.Id,
                    Type = type,
                    Payload = payload,
                    OccurredOnUtc = domainEvent.OccurredOn.ToUniversalTime(),
                    TraceParent = trace?.TraceParent,
                    TraceState = trace?.TraceState,
                    Baggage = trace?.Baggage,
                });
            }

            // Cleared now: if this save fails the caller throws the aggregate away with its DbContext, and a retry with
            // a fresh aggregate raises the event again.
            aggregate.ClearDomainEvents();
        }
    }
}
