using Microsoft.EntityFrameworkCore;

namespace Notifications.Data;

/// <summary>The Notifications service's database.</summary>
public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Notification>(notification =>
        {
            notification.ToTable("notifications");
            notification.HasKey(n => n.Id);
            notification.Property(n => n.Id).HasColumnName("id").ValueGeneratedNever();
            notification.Property(n => n.UserId).HasColumnName("user_id");
            notification.Property(n => n.Email).HasColumnName("email").HasMaxLength(254);
            notification.Property(n => n.Kind).HasColumnName("kind").HasMaxLength(50);
            notification.Property(n => n.MessageId).HasColumnName("message_id");
            notification.Property(n => n.TraceId).HasColumnName("trace_id").HasMaxLength(32);
            notification.Property(n => n.CreatedAt).HasColumnName("created_at");
            notification.HasIndex(n => n.UserId).HasDatabaseName("ix_notifications_user_id");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(InboxTable.Name);
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.MessageId).HasColumnName(InboxTable.MessageId);
            inbox.Property(m => m.Consumer).HasColumnName(InboxTable.Consumer).HasMaxLength(100);
            inbox.Property(m => m.ProcessedOnUtc).HasColumnName(InboxTable.ProcessedOnUtc);
            inbox.Property(m => m.DuplicateDeliveries).HasColumnName(InboxTable.DuplicateDeliveries).HasDefaultValue(0);
            inbox.HasIndex(m => m.ProcessedOnUtc).HasDatabaseName("ix_inbox_messages_processed_on_utc");
        });
    }
}
