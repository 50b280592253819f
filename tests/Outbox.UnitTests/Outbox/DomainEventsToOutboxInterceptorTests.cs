using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Outbox.Core.Domain;
using Outbox.Core.Persistence;
using Users.Data;
using Users.Domain;

namespace Outbox.UnitTests.Outbox;

/// <summary>
/// The interceptor's conversion, run against a change tracker without a database. That the rows really commit with the
/// user in one transaction is checked against PostgreSQL in the AppHost tests.
/// </summary>
public sealed class DomainEventsToOutboxInterceptorTests
{
    private readonly DomainEventsToOutboxInterceptor _interceptor =
        new(new DomainEventSerializer(DomainEventTypeRegistry.FromAssemblies(typeof(UserRegistered).Assembly)));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(2)));

    [Fact]
    public void Raised_events_become_pending_outbox_rows_and_are_cleared()
    {
        using var db = CreateContext();
        var user = User.Register("ada@example.com", "Ada", _time);
        var raised = Assert.Single(user.DomainEvents);
        db.Users.Add(user);

        _interceptor.SavingChanges(EventData(db), default);

        var message = Assert.Single(db.ChangeTracker.Entries<OutboxMessage>()).Entity;
        Assert.Equal(EntityState.Added, db.Entry(message).State);
        Assert.Equal(raised.Id, message.Id);
        Assert.Equal("users.user-registered", message.Type);
        Assert.Equal(_time.GetUtcNow(), message.OccurredOnUtc);
        Assert.Equal(TimeSpan.Zero, message.OccurredOnUtc.Offset);
        Assert.Null(message.ProcessedOnUtc);
        Assert.Equal(0, message.Attempts);
        using var payload = JsonDocument.Parse(message.Payload);
        Assert.Equal("ada@example.com", payload.RootElement.GetProperty("email").GetString());
        Assert.Equal(user.Id, payload.RootElement.GetProperty("userId").GetGuid());
        Assert.Empty(user.DomainEvents);
    }

    [Fact]
    public void Saving_twice_does_not_write_an_event_twice()
    {
        using var db = CreateContext();
        db.Users.Add(User.Register("ada@example.com", "Ada", _time));

        _interceptor.SavingChanges(EventData(db), default);
        _interceptor.SavingChanges(EventData(db), default);

        Assert.Single(db.ChangeTracker.Entries<OutboxMessage>());
    }

    [Fact]
    public async Task Every_aggregate_in_the_save_contributes_its_events()
    {
        using var db = CreateContext();
        db.Users.Add(User.Register("ada@example.com", "Ada", _time));
        db.Users.Add(User.Register("grace@example.com", "Grace", _time));

        await _interceptor.SavingChangesAsync(EventData(db), default, TestContext.Current.CancellationToken);

        Assert.Equal(2, db.ChangeTracker.Entries<OutboxMessage>().Count());
    }

    [Fact]
    public void The_notifier_hears_of_a_save_that_wrote_outbox_rows_once_it_has_completed()
    {
        var notifier = new CountingNotifier();
        var interceptor = new DomainEventsToOutboxInterceptor(
            new DomainEventSerializer(DomainEventTypeRegistry.FromAssemblies(typeof(UserRegistered).Assembly)), notifier);
        using var db = CreateContext();
        db.Users.Add(User.Register("ada@example.com", "Ada", _time));

        interceptor.SavingChanges(EventData(db), default);
        Assert.Equal(0, notifier.Count);
        interceptor.SavedChanges(SavedData(db), 2);
        Assert.Equal(1, notifier.Count);

        // A save without new events (and a failed one) tells nobody.
        interceptor.SavingChanges(EventData(db), default);
        interceptor.SavedChanges(SavedData(db), 0);
        Assert.Equal(1, notifier.Count);
    }

    [Fact]
    public void A_failed_save_does_not_wake_the_relay()
    {
        var notifier = new CountingNotifier();
        var interceptor = new DomainEventsToOutboxInterceptor(
            new DomainEventSerializer(DomainEventTypeRegistry.FromAssemblies(typeof(UserRegistered).Assembly)), notifier);
        using var db = CreateContext();
        db.Users.Add(User.Register("ada@example.com", "Ada", _time));

        interceptor.SavingChanges(EventData(db), default);
        interceptor.SaveChangesFailed(new DbContextErrorEventData(null!, (_, _) => "", db, new InvalidOperationException()));
        interceptor.SavedChanges(SavedData(db), 0);

        Assert.Equal(0, notifier.Count);
    }

    private sealed class CountingNotifier : IOutboxWriteNotifier
    {
        public int Count { get; private set; }

        public void OutboxMessagesSaved() => Count++;
    }

    private static SaveChangesCompletedEventData SavedData(DbContext db, int saved = 0) => new(null!, (_, _) => "", db, saved);

    private static UsersDbContext CreateContext() =>
        // Npgsql is only the model's provider here; nothing connects.
        new(new DbContextOptionsBuilder<UsersDbContext>().UseNpgsql("Host=unused").Options);

    private static DbContextEventData EventData(DbContext db) => new(null!, (_, _) => "", db);
}
