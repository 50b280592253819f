using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Outbox.AppHost.Tests.Infrastructure;

namespace Outbox.AppHost.Tests.Pipeline;

/// <summary>Shortcuts the pipeline tests share: registering users, seeding the outbox, counting what arrived.</summary>
internal static class PipelineQueries
{
    public static async Task<Guid> RegisterAsync(this OutboxAppFixture fixture, string name, CancellationToken cancellationToken)
    {
        using var response = await fixture.UsersApi.PostAsJsonAsync(
            "/users", new { email = RegistrationTests.UniqueEmail(), name }, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<UserDto>(cancellationToken))!.Id;
    }

    /// <summary>The user's notifications, once there is at least one (GET /notifications, polled with a deadline).</summary>
    public static async Task<List<NotificationDto>> WaitForNotificationsAsync(
        this OutboxAppFixture fixture, Guid userId, CancellationToken cancellationToken) =>
        (await Eventually.MatchesAsync(
            ct => fixture.Notifications.GetFromJsonAsync<List<NotificationDto>>($"/notifications?userId={userId}", ct)!,
            list => list!.Count > 0,
            $"a notification for user {userId}",
            cancellationToken: cancellationToken))!;

    /// <summary>
    /// Writes <paramref name="count"/> UserRegistered outbox rows straight into the users database, as if that many
    /// registrations had just committed, and returns their user ids.
    /// </summary>
    public static async Task<Guid[]> SeedUserRegisteredAsync(this OutboxAppFixture fixture, int count, CancellationToken cancellationToken)
    {
        await using var command = fixture.UsersDb.CreateCommand("""
            INSERT INTO outbox_messages (id, type, payload, occurred_on_utc, attempts)
            SELECT g.id, 'users.user-registered',
                   jsonb_build_object('id', g.id, 'occurredOn', now(), 'userId', g.user_id,
                                      'email', 'seeded-' || g.user_id || '@example.com', 'name', 'Seeded'),
                   clock_timestamp(), 0
            FROM (SELECT gen_random_uuid() AS id, gen_random_uuid() AS user_id FROM generate_series(1, $1)) AS g
            RETURNING (payload->>'userId')::uuid
            """);
        command.Parameters.Add(new() { Value = count });
        var userIds = new List<Guid>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            userIds.Add(reader.GetGuid(0));
        }

        return [.. userIds];
    }

    /// <summary>Notifications recorded for the users: (users with at least one, total notifications).</summary>
    public static async Task<(long Users, long Notifications)> CountNotificationsAsync(
        this OutboxAppFixture fixture, Guid[] userIds, CancellationToken cancellationToken)
    {
        await using var command = fixture.NotificationsDb.CreateCommand(
            "SELECT count(DISTINCT user_id), count(*) FROM notifications WHERE user_id = ANY($1)");
        command.Parameters.Add(new() { Value = userIds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Waits until every user has a notification, then checks nobody has two.</summary>
    public static async Task AssertEachNotifiedOnceAsync(
        this OutboxAppFixture fixture, Guid[] userIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (users, notifications) = await Eventually.MatchesAsync(
            ct => fixture.CountNotificationsAsync(userIds, ct),
            counts => counts.Users == userIds.Length,
            $"{userIds.Length} users to be notified",
            timeout,
            cancellationToken);
        Assert.Equal(userIds.Length, users);
        Assert.Equal(userIds.Length, notifications);
    }

    /// <summary>Redeliveries the consumer's inbox absorbed for these users' messages.</summary>
    public static async Task<long> CountDuplicateDeliveriesAsync(
        this OutboxAppFixture fixture, Guid[] userIds, CancellationToken cancellationToken)
    {
        await using var command = fixture.NotificationsDb.CreateCommand("""
            SELECT coalesce(sum(i.duplicate_deliveries), 0)::bigint
            FROM inbox_messages AS i JOIN notifications AS n ON n.message_id = i.message_id
            WHERE n.user_id = ANY($1)
            """);
        command.Parameters.Add(new() { Value = userIds });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task<long> CountPendingAsync(this NpgsqlDataSource usersDb, CancellationToken cancellationToken)
    {
        await using var command = usersDb.CreateCommand(
            "SELECT count(*) FROM outbox_messages WHERE processed_on_utc IS NULL AND dead_on_utc IS NULL");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
