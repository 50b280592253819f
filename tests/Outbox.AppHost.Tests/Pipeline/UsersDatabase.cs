using Npgsql;

namespace Outbox.AppHost.Tests.Pipeline;

/// <summary>Reads the users database directly, to check what a request did or did not write.</summary>
internal static class UsersDatabase
{
    public static Task<long> CountUsersAsync(this NpgsqlDataSource db, string email, CancellationToken cancellationToken) =>
        CountAsync(db, "SELECT count(*) FROM users WHERE normalized_email = lower($1)", email, cancellationToken);

    public static Task<long> CountOutboxMessagesAsync(this NpgsqlDataSource db, string email, CancellationToken cancellationToken) =>
        CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE lower(payload->>'email') = lower($1)", email, cancellationToken);

    public static async Task<Guid> OutboxMessageIdForUserAsync(this NpgsqlDataSource db, Guid userId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT id FROM outbox_messages WHERE (payload->>'userId')::uuid = $1");
        command.Parameters.Add(new() { Value = userId });
        return (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql, string value, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.Add(new() { Value = value });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
