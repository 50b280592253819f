using System.Diagnostics;
using Npgsql;
using Outbox.Benchmarks.Measurement;

namespace Outbox.Benchmarks.Scenarios;

/// <summary>
/// (2) and (6): with the relay stopped, preload the outbox, start 1 (then 2) relay instances and time the drain until
/// the backlog is zero, i.e. every row marked processed, which the relay does only after the broker's confirm. The
/// rate is taken from the rows' own processed times, so process start-up is not counted against the relay.
/// Notifications is stopped meanwhile (the queue is purged after each run): this measures the publishing side alone,
/// as the broker ceiling does. The relay's peak RSS is sampled throughout.
/// </summary>
internal static class RelayDrainScenario
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(4);

    public static async Task RunAsync(BenchmarkApp app, BenchmarkSettings settings, BenchmarkResults results, CancellationToken cancellationToken)
    {
        await using var memory = new ProcessMemory(new ServiceProcesses(ResourceNames.OutboxRelay, app.UsersDbConnectionString));
        memory.Start();
        var cpu = new CpuUsage(app);

        foreach (var instances in new[] { 1, 2 })
        {
            await app.StopAsync(ResourceNames.OutboxRelay, cancellationToken);
            var ids = await SeedAsync(app.UsersDb, settings.DrainMessages, cancellationToken);
            await VacuumAsync(app.UsersDb, cancellationToken);

            var wall = Stopwatch.StartNew();
            await app.StartAsync(ResourceNames.OutboxRelay, instances, cancellationToken);
            var cpuBefore = cpu.Take();
            await WaitForEmptyBacklogAsync(app.UsersDb, cancellationToken);
            var cpuAfter = cpu.Take();
            wall.Stop();

            var (rate, seconds) = await DrainRateAsync(app.UsersDb, ids, cancellationToken);
            results[$"relay_drain_msgs_per_s_{instances}"] = rate;
            results[$"relay_drain_seconds_{instances}"] = seconds;
            results[$"relay_drain_wall_seconds_incl_start_{instances}"] = wall.Elapsed.TotalSeconds;
            Console.WriteLine($"  relay drain, {instances} instance(s): {ids.Length:N0} in {seconds:F2} s = {rate:N0} msg/s " +
                $"({wall.Elapsed.TotalSeconds:F1} s including process start)");
            CpuUsage.Record(results, $"relay_drain_{instances}", cpuBefore, cpuAfter);
            await BrokerCeilingScenario.PurgeNotificationsQueueAsync(app, cancellationToken);
        }

        results["relay_peak_rss_mb"] = memory.PeakRssMb;
        Console.WriteLine($"  relay peak RSS: {memory.PeakRssMb:F0} MB");
    }

    /// <summary>Seeds UserRegistered rows in one statement, as committed registrations would have left them.</summary>
    public static async Task<Guid[]> SeedAsync(NpgsqlDataSource usersDb, int count, CancellationToken cancellationToken)
    {
        await using var command = usersDb.CreateCommand("""
            INSERT INTO outbox_messages (id, type, payload, occurred_on_utc, attempts)
            SELECT g.id, 'users.user-registered',
                   jsonb_build_object('id', g.id, 'occurredOn', now(), 'userId', g.user_id,
                                      'email', 'seeded-' || g.user_id || '@example.com', 'name', 'Seeded'),
                   clock_timestamp(), 0
            FROM (SELECT gen_random_uuid() AS id, gen_random_uuid() AS user_id FROM generate_series(1, $1)) AS g
            RETURNING id
            """);
        command.CommandTimeout = 300;
        command.Parameters.Add(new() { Value = count });
        var ids = new List<Guid>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return [.. ids];
    }

    /// <summary>Fresh statistics after a bulk insert, as autovacuum would give a table that grew this way in production.</summary>
    private static async Task VacuumAsync(NpgsqlDataSource usersDb, CancellationToken cancellationToken)
    {
        await using var command = usersDb.CreateCommand("VACUUM ANALYZE outbox_messages");
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WaitForEmptyBacklogAsync(NpgsqlDataSource usersDb, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + DrainTimeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var command = usersDb.CreateCommand(
                "SELECT EXISTS (SELECT 1 FROM outbox_messages WHERE processed_on_utc IS NULL AND dead_on_utc IS NULL)");
            if (!(bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"The relay did not drain the outbox within {DrainTimeout}.");
    }

    /// <summary>
    /// Rows processed after the first batch committed, over the time from that commit to the last: the steady drain
    /// rate, excluding process start-up. Every seeded row must be processed (none dead, none lost).
    /// </summary>
    private static async Task<(double Rate, double Seconds)> DrainRateAsync(NpgsqlDataSource usersDb, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var command = usersDb.CreateCommand("""
            WITH s AS (SELECT processed_on_utc AS p FROM outbox_messages WHERE id = ANY($1))
            SELECT count(p), min(p), max(p), count(*) FILTER (WHERE p = (SELECT min(p) FROM s)) FROM s
            """);
        command.Parameters.Add(new() { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var processed = reader.GetInt64(0);
        if (processed != ids.Length)
        {
            throw new InvalidOperationException($"Only {processed} of {ids.Length} seeded rows were processed.");
        }

        var seconds = (reader.GetFieldValue<DateTime>(2) - reader.GetFieldValue<DateTime>(1)).TotalSeconds;
        var afterFirstBatch = processed - reader.GetInt64(3);
        return (afterFirstBatch / seconds, seconds);
    }
}
