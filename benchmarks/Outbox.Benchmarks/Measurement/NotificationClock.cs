using Npgsql;

namespace Outbox.Benchmarks.Measurement;

/// <summary>Reads when Notifications recorded each user's notification, waiting until all of them are there.</summary>
internal static class NotificationClock
{
    /// <summary>
    /// Waits (bounded) until every user has a notification and returns their <c>created_at</c>, which the consumer
    /// stamps in the transaction that records the notification, right before it commits.
    /// </summary>
    public static async Task<Dictionary<Guid, DateTime>> WaitForAllAsync(
        NpgsqlDataSource notificationsDb, IReadOnlyCollection<Guid> userIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ids = userIds.ToArray();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var count = notificationsDb.CreateCommand("SELECT count(DISTINCT user_id) FROM notifications WHERE user_id = ANY($1)"))
            {
                count.Parameters.Add(new() { Value = ids });
                var found = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                if (found >= ids.Length || DateTime.UtcNow > deadline)
                {
                    break;
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        var times = new Dictionary<Guid, DateTime>(ids.Length);
        await using var command = notificationsDb.CreateCommand("SELECT user_id, min(created_at) FROM notifications WHERE user_id = ANY($1) GROUP BY user_id");
        command.Parameters.Add(new() { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            times[reader.GetGuid(0)] = reader.GetFieldValue<DateTime>(1);
        }

        return times;
    }

    /// <summary>Milliseconds from each request's start to its notification; users never notified are counted apart.</summary>
    public static (List<double> LatenciesMs, int Missing, DateTime LastNotificationUtc) Latencies(
        IEnumerable<(Guid UserId, DateTime StartedUtc)> registered, Dictionary<Guid, DateTime> notified)
    {
        var latencies = new List<double>();
        var missing = 0;
        var last = DateTime.MinValue;
        foreach (var (userId, started) in registered)
        {
            if (notified.TryGetValue(userId, out var at))
            {
                latencies.Add((at - started).TotalMilliseconds);
                last = at > last ? at : last;
            }
            else
            {
                missing++;
            }
        }

        return (latencies, missing, last);
    }
}
