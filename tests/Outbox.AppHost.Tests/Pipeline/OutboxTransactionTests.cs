using Microsoft.EntityFrameworkCore;
using Outbox.AppHost.Tests.Infrastructure;
using Outbox.Core.Domain;
using Outbox.Core.Persistence;
using Users.Data;
using Users.Domain;

namespace Outbox.AppHost.Tests.Pipeline;

/// <summary>
/// The heart of the pattern, against the real users database: the user row and its outbox row commit together or not
/// at all. The relay is running too, so only existence is checked, never the processed state.
/// </summary>
public sealed class OutboxTransactionTests(OutboxAppFixture fixture)
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rolled_back_registration_leaves_neither_the_user_nor_its_outbox_row()
    {
        var email = RegistrationTests.UniqueEmail();
        await using (var db = CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken);
            var user = User.Register(email, "Ada", TimeProvider.System);
            var eventId = Assert.Single(user.DomainEvents).Id;
            db.Users.Add(user);
            await db.SaveChangesAsync(CancellationToken);
            Assert.Equal(1, await db.OutboxMessages.CountAsync(message => message.Id == eventId, CancellationToken));
            await transaction.RollbackAsync(CancellationToken);
        }

        Assert.Equal(0, await fixture.UsersDb.CountUsersAsync(email, CancellationToken));
        Assert.Equal(0, await fixture.UsersDb.CountOutboxMessagesAsync(email, CancellationToken));
    }

    [Fact]
    public async Task A_saved_registration_has_its_outbox_row_under_the_domain_event_id()
    {
        var email = RegistrationTests.UniqueEmail();
        var user = User.Register(email, "Ada", TimeProvider.System);
        var eventId = Assert.Single(user.DomainEvents).Id;
        await using (var db = CreateContext())
        {
            db.Users.Add(user);
            await db.SaveChangesAsync(CancellationToken);
        }

        Assert.Equal(1, await fixture.UsersDb.CountUsersAsync(email, CancellationToken));
        Assert.Equal(eventId, await fixture.UsersDb.OutboxMessageIdForUserAsync(user.Id, CancellationToken));
    }

    private UsersDbContext CreateContext()
    {
        var interceptor = new DomainEventsToOutboxInterceptor(
            new DomainEventSerializer(DomainEventTypeRegistry.FromAssemblies(typeof(UserRegistered).Assembly)));
        return new UsersDbContext(new DbContextOptionsBuilder<UsersDbContext>()
            .UseNpgsql(fixture.UsersDb)
            .AddInterceptors(interceptor)
            .Options);
    }
}
