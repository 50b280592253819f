using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Outbox.Core.Diagnostics;
using Outbox.Core.Domain;

namespace Outbox.Core.Persistence;

/// <summary>
/// Turns the domain events raised by tracked aggregates into outbox rows just before EF Core saves, so they are
/// inserted by the same SaveChanges, in the same transaction, as the change that raised them: both commit or neither.
/// After a save that wrote outbox rows it tells the optional <see cref="IOutboxWriteNotifier"/>, so the relay can wake
/// without polling.
/// </summary>
public sealed class DomainEventsToOutboxInterceptor(DomainEventSerializer serializer, IOutboxWriteNotifier? notifier = null)
    : SaveChangesInterceptor
{
    // The contexts whose save in progress added outbox rows (the interceptor is shared by every pooled context).
    private readonly ConditionalWeakTable<DbContext, object> _savingOutboxMessages = [];

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

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifySaved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifySaved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// With EF Core's own transaction the rows are committed by now. Inside a caller's transaction they are not yet:
    /// the relay then wakes early, finds nothing it can see, and picks the rows up at its next poll.
    /// </summary>
    private void NotifySaved(DbContext? context)
    {
        if (context is not null && _savingOutboxMessages.Remove(context))
        {
            notifier?.OutboxMessagesSaved();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _savingOutboxMessages.Remove(context);
        }
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

            _savingOutboxMessages.AddOrUpdate(context, context);

            // Cleared now: if this save fails the caller throws the aggregate away with its DbContext, and a retry with
            // a fresh aggregate raises the event again.
            aggregate.ClearDomainEvents();
        }
    }
}
