using Microsoft.EntityFrameworkCore;
using Outbox.Core.Persistence;
using Users.Domain;

namespace Users.Data;

/// <summary>The Users service's database: users and their outbox.</summary>
public sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new UserConfiguration());
        modelBuilder.AddOutboxMessages();
        modelBuilder.AddOutboxRelayControl();
    }
}
