namespace Outbox.Core.Persistence;

/// <summary>
/// Told after a SaveChanges wrote outbox rows, so the writer can wake the relay at once (for PostgreSQL: a NOTIFY
/// sent after the commit). Optional: without one, the relay finds the rows at its next poll.
/// </summary>
public interface IOutboxWriteNotifier
{
    /// <summary>Called after outbox rows were saved; must not block, and must never fail the save.</summary>
    void OutboxMessagesSaved();
}
