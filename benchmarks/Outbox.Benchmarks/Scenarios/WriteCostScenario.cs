using System.Diagnostics;
using Outbox.Benchmarks.Measurement;

namespace Outbox.Benchmarks.Scenarios;

/// <summary>
/// (5) What the outbox write costs a registration: POST /users throughput at fixed concurrency against the real Users
/// API and against its benchmark-only twin that skips the outbox write, alternating (with, without, with, without) so
/// drift on a shared machine hits both alike. The relay and Notifications are stopped meanwhile, so only the request
/// path is measured, not the downstream work the extra rows cause. A third leg measures the wake-up design this
/// project rejected: a statement-level trigger that NOTIFYs inside every inserting transaction (PostgreSQL then
/// serialises those commits, WAL flush included), created for the leg and dropped after it.
/// </summary>
internal static class WriteCostScenario
{
    private const int Rounds = 2;

    public static async Task RunAsync(BenchmarkApp app, BenchmarkSettings settings, BenchmarkResults results, CancellationToken cancellationToken)
    {
        await app.StopAsync(ResourceNames.OutboxRelay, cancellationToken);
        await app.StopAsync(ResourceNames.Notifications, cancellationToken);

        // Warm both, so neither pays for its JIT or its connection pool in the measurement.
        await RunAsync(app.UsersApi, settings.Concurrency, TimeSpan.FromSeconds(1), cancellationToken);
        await RunAsync(app.UsersApiWithoutOutboxClient, settings.Concurrency, TimeSpan.FromSeconds(1), cancellationToken);

        double with = 0, without = 0, withTrigger = 0;
        for (var round = 0; round < Rounds; round++)
        {
            with += await RunAsync(app.UsersApi, settings.Concurrency, settings.WriteCostDuration, cancellationToken);
            without += await RunAsync(app.UsersApiWithoutOutboxClient, settings.Concurrency, settings.WriteCostDuration, cancellationToken);
            await ExecuteAsync(app, CreateNotifyTriggerSql, cancellationToken);
            try
            {
                withTrigger += await RunAsync(app.UsersApi, settings.Concurrency, settings.WriteCostDuration, cancellationToken);
            }
            finally
            {
                await ExecuteAsync(app, DropNotifyTriggerSql, CancellationToken.None);
            }
        }

        results["api_requests_per_s_with_outbox_and_notify_trigger"] = withTrigger / Rounds;
        Console.WriteLine($"  POST /users with the outbox and a NOTIFY trigger in the transaction (rejected design): {withTrigger / Rounds:N0}/s");

        results["api_requests_per_s_with_outbox"] = with / Rounds;
        results["api_requests_per_s_without_outbox"] = without / Rounds;
        results["api_outbox_write_cost_pct"] = 100 * (without / with - 1);
        Console.WriteLine($"  POST /users: {with / Rounds:N0}/s with the outbox, {without / Rounds:N0}/s without " +
            $"(the outbox adds {100 * (without / with - 1):F1}% per request)");
    }

    private const string CreateNotifyTriggerSql = """
        CREATE FUNCTION benchmark_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('outbox_messages', ''); RETURN NULL; END $$;
        CREATE TRIGGER benchmark_outbox_notify AFTER INSERT ON outbox_messages
            FOR EACH STATEMENT EXECUTE FUNCTION benchmark_outbox_notify();
        """;

    private const string DropNotifyTriggerSql = """
        DROP TRIGGER IF EXISTS benchmark_outbox_notify ON outbox_messages;
        DROP FUNCTION IF EXISTS benchmark_outbox_notify();
        """;

    private static async Task ExecuteAsync(BenchmarkApp app, string sql, CancellationToken cancellationToken)
    {
        await using var command = app.UsersDb.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<double> RunAsync(HttpClient client, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        var registrar = new Registrar(client);
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await registrar.RegisterAsync(Registrar.UtcNow, cancellationToken);
            }
        });
        await Task.WhenAll(clients);
        return registrar.Registered.Count / clock.Elapsed.TotalSeconds;
    }
}
