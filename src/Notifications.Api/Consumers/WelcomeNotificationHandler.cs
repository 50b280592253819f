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

    // Inserts the inbox row, or counts a duplicate delivery on the existing one; xmax = 0 only on a fresh insert.
    // A concurrent delivery of the same message waits here for the first one's transaction to finish.
    private const string InsertInboxSql = $$"""
        INSERT INTO {{InboxTable.Name}} ({{InboxTable.MessageId}}, {{InboxTable.Consumer}}, {{InboxTable.ProcessedOnUtc}})
        VALUES ({0}, {1}, {2})
        ON CONFLICT ({{InboxTable.MessageId}}, {{InboxTable.Consumer}})
        DO UPDATE SET {{InboxTable.DuplicateDeliveries}} = {{InboxTable.Name}}.{{InboxTable.DuplicateDeliveries}} + 1
        RETURNING xmax = 0 AS "Value"
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

            // ToListAsync, not SingleAsync: EF must not wrap an INSERT in a SELECT.
            var firstDelivery = (await db.Database
                .SqlQueryRaw<bool>(InsertInboxSql, message.Id, ConsumerName, now)
                .ToListAsync(ct)).Single();
            if (!firstDelivery)
            {
                // Commit the duplicate count; the notification was written by the first delivery.
                await transaction.CommitAsync(ct);
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
