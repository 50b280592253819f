using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Notifications.Data;
using Outbox.Contracts.IntegrationEvents;

namespace Notifications.Api.Consumers;

/// <summary>
/// Records a welcome notification for a registered user, effectively once: the inbox row (unique per message id and
/// consumer) and the notification are written in one transaction, so a redelivered message finds its inbox row and
/// writes nothing.
/// </summary>
internal sealed class WelcomeNotificationHandler(NotificationsDbContext db, TimeProvider timeProvider)
{
    public const string ConsumerName = "welcome-notification";

    private const string InsertInboxSql = $$"""
        INSERT INTO {{InboxTable.Name}} ({{InboxTable.MessageId}}, {{InboxTable.Consumer}}, {{InboxTable.ProcessedOnUtc}})
        VALUES ({0}, {1}, {2})
        ON CONFLICT DO NOTHING
        """;

    /// <returns>True when the notification was recorded; false when the message had been processed before.</returns>
    public async Task<bool> HandleAsync(UserRegisteredIntegrationEvent message, CancellationToken cancellationToken)
    {
        // Aspire turns on EF Core's retrying execution strategy; a transaction must run inside it as one retriable unit.
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = timeProvider.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);

            var firstDelivery = await db.Database.ExecuteSqlRawAsync(InsertInboxSql, [message.Id, ConsumerName, now], ct) == 1;
            if (!firstDelivery)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }

            db.Notifications.Add(new Notification
            {
                Id = Guid.CreateVersion7(now),
                UserId = message.UserId,
                Email = message.Email,
                Kind = NotificationKinds.Welcome,
                MessageId = message.Id,
                TraceId = Activity.Current?.TraceId.ToHexString() ?? "",
                CreatedAt = now,
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
    }
}
