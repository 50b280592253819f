namespace Notifications.Data;

/// <summary>Inbox table and column names, used by the consumer's insert-if-absent SQL.</summary>
public static class InboxTable
{
    public const string Name = "inbox_messages";
    public const string MessageId = "message_id";
    public const string Consumer = "consumer";
    public const string ProcessedOnUtc = "processed_on_utc";
    public const string DuplicateDeliveries = "duplicate_deliveries";
}
