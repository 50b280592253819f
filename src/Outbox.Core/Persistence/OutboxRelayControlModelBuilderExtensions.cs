using Microsoft.EntityFrameworkCore;

namespace Outbox.Core.Persistence;

public static class OutboxRelayControlModelBuilderExtensions
{
    /// <summary>Maps the relay's one-row control table (pause switch), seeded as "not paused".</summary>
    public static ModelBuilder AddOutboxRelayControl(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxRelayControl>(control =>
        {
            control.ToTable(OutboxRelayControlTable.Name, table => table.HasCheckConstraint(
                OutboxRelayControlTable.SingleRowConstraint,
                $"{OutboxRelayControlTable.Id} = {OutboxRelayControlTable.SingletonId}"));
            control.HasKey(c => c.Id);
            control.Property(c => c.Id).HasColumnName(OutboxRelayControlTable.Id).ValueGeneratedNever();
            control.Property(c => c.Paused).HasColumnName(OutboxRelayControlTable.Paused);
            control.Property(c => c.ChangedOnUtc).HasColumnName(OutboxRelayControlTable.ChangedOnUtc);
            control.HasData(new OutboxRelayControl { Id = OutboxRelayControlTable.SingletonId, Paused = false });
        });

        return modelBuilder;
    }
}
