using System.Diagnostics;
using Outbox.Benchmarks.Measurement;

namespace Outbox.Benchmarks.Scenarios;

/// <summary>
/// (3) Open-loop load: POST /users fired on a fixed schedule, whether or not earlier requests have answered, so a slow
/// system cannot slow the load down and hide its latency. Latency runs from each request's scheduled start to the
/// notification's commit in the Notifications database.
/// </summary>
internal static class OpenLoopLatencyScenario
{
    /// <summary>A few hundred registrations through the whole pipeline, waited for and not measured.</summary>
    public static async Task WarmUpAsync(BenchmarkApp app, CancellationToken cancellationToken)
    {
        var registrar = new Registrar(app.UsersApi);
        for (var i = 0; i < 30; i++)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => registrar.RegisterAsync(Registrar.UtcNow, cancellationToken)));
            await Task.Delay(20, cancellationToken);
        }

        await NotificationClock.WaitForAllAsync(
            app.NotificationsDb, registrar.Registered.Select(r => r.UserId).ToList(), TimeSpan.FromMinutes(1), cancellationToken);
    }

    public static async Task RunAsync(BenchmarkApp app, BenchmarkSettings settings, BenchmarkResults results, CancellationToken cancellationToken)
    {
        foreach (var rate in settings.OpenLoopRates)
        {
            var registrar = new Registrar(app.UsersApi);
            var cpu = new CpuUsage(app);
            var cpuBefore = cpu.Take();
            var total = (int)(rate * settings.OpenLoopDuration.TotalSeconds);
            var requests = new List<Task>(total);
            var start = Registrar.UtcNow;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds(i / (double)rate);
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                requests.Add(registrar.RegisterAsync(start + due, cancellationToken));
            }

            var sendSeconds = clock.Elapsed.TotalSeconds;
            CpuUsage.Record(results, $"e2e_{rate}rps", cpuBefore, cpu.Take());
            await Task.WhenAll(requests);
            var notified = await NotificationClock.WaitForAllAsync(
                app.NotificationsDb, registrar.Registered.Select(r => r.UserId).ToList(), TimeSpan.FromMinutes(2), cancellationToken);
            var (latencies, missing, last) = NotificationClock.Latencies(registrar.Registered, notified);
            var summary = LatencySummary.From(latencies);

            var key = $"e2e_{rate}rps";
            results[$"{key}_achieved_rps"] = total / sendSeconds;
            results[$"{key}_notifications_per_s"] = latencies.Count / (last - start).TotalSeconds;
            results[$"{key}_p50_ms"] = summary.P50;
            results[$"{key}_p95_ms"] = summary.P95;
            results[$"{key}_p99_ms"] = summary.P99;
            results[$"{key}_max_ms"] = summary.Max;
            results[$"{key}_failed_requests"] = registrar.Failed;
            results[$"{key}_missing_notifications"] = missing;
            var relayLag = await RelayLag.MeasureAsync(app.UsersDb, registrar.Registered.Select(r => r.UserId).ToList(), cancellationToken);
            results[$"{key}_relay_lag_p50_ms"] = relayLag.P50;
            results[$"{key}_relay_lag_p99_ms"] = relayLag.P99;
            Console.WriteLine($"    of which outbox row written to published and confirmed: {relayLag}");
            Console.WriteLine($"  open loop {rate}/s: sent {total / sendSeconds:N0}/s, {registrar.Failed} failed, {missing} not notified; {summary}");
        }
    }
}
