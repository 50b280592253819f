using Microsoft.EntityFrameworkCore;

namespace Outbox.Core.Persistence;

public static class OutboxModelBuilderExtensions
{
    /// <summary>Maps the outbox table into any DbContext that wants one.</summary>
    public static ModelBuilder AddOutboxMessages(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(message =>
        {
            message.ToTable(OutboxTable.Name);
            message.HasKey(m => m.Id);
            message.Property(m => m.Id).HasColumnName(OutboxTable.Id).ValueGeneratedNever();
            message.Property(m => m.Type).HasColumnName(OutboxTable.Type).HasMaxLength(200);
            message.Property(m => m.Payload).HasColumnName(OutboxTable.Payload).HasColumnType("jsonb");
            message.Property(m => m.OccurredOnUtc).HasColumnName(OutboxTable.OccurredOnUtc);
            message.Property(m => m.ProcessedOnUtc).HasColumnName(OutboxTable.ProcessedOnUtc);
            message.Property(m => m.Attempts).HasColumnName(OutboxTable.Attempts);
            message.Property(m => m.LastError).HasColumnName(OutboxTable.LastError).HasMaxLength(OutboxTable.LastErrorMaxLength);
            message.Property(m => m.NextAttemptOnUtc).HasColumnName(OutboxTable.NextAttemptOnUtc);
            message.Property(m => m.DeadOnUtc).HasColumnName(OutboxTable.DeadOnUtc);
            message.Property(m => m.TraceParent).HasColumnName(OutboxTable.TraceParent).HasMaxLength(55);
            message.Property(m => m.TraceState).HasColumnName(OutboxTable.TraceState).HasMaxLength(512);
            message.Property(m => m.Baggage).HasColumnName(OutboxTable.Baggage).HasMaxLength(8192);

            // The relay's claim query reads only pending rows in occurrence order; a partial index keeps it small
            // however many processed or dead rows are retained.
            message.HasIndex(m => m.OccurredOnUtc)
                .HasDatabaseName(OutboxTable.PendingIndex)
                .HasFilter($"{OutboxTable.ProcessedOnUtc} IS NULL AND {OutboxTable.DeadOnUtc} IS NULL");

            // Retention deletes processed rows oldest first, in bounded batches.
            message.HasIndex(m => m.ProcessedOnUtc)
                .HasDatabaseName(OutboxTable.ProcessedIndex)
                .HasFilter($"{OutboxTable.ProcessedOnUtc} IS NOT NULL");

            // Operators list dead rows newest first and purge them by age.
            message.HasIndex(m => m.DeadOnUtc)
                .HasDatabaseName(OutboxTable.DeadIndex)
                .HasFilter($"{OutboxTable.DeadOnUtc} IS NOT NULL");
        });

        return modelBuilder;
    }
}
