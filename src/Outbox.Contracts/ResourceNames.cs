namespace Outbox.Contracts;

/// <summary>
/// Aspire resource names. Each is also the connection name the services ask for, so the AppHost,
/// the services and the tests can never disagree on one.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string UsersDatabase = "users-db";
    public const string NotificationsDatabase = "notifications-db";
    public const string RabbitMq = "rabbitmq";
    public const string DatabaseMigrations = "db-migrations";
    public const string UsersApi = "users-api";
    public const string OutboxRelay = "outbox-relay";
    public const string Notifications = "notifications";
}
