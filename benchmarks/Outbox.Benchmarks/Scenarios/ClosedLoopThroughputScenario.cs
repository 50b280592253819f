using Outbox.Benchmarks.Measurement;

namespace Outbox.Benchmarks.Scenarios;

/// <summary>
/// (4) Closed loop: a fixed number of registrations by a fixed number of concurrent clients, each sending its next
/// request when the previous one answered. Throughput runs from the first request to the last notification.
/// </summary>
internal static class ClosedLoopThroughputScenario
{
    public static async Task RunAsync(BenchmarkApp app, BenchmarkSettings settings, BenchmarkResults results, CancellationToken cancellationToken)
    {
        var registrar = new Registrar(app.UsersApi);
        var cpu = new CpuUsage(app);
        var cpuBefore = cpu.Take();
        var next = 0;
        var start = Registrar.UtcNow;
        var clients = Enumerable.Range(0, settings.Concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= settings.ClosedLoopRegistrations)
            {
                await registrar.RegisterAsync(Registrar.UtcNow, cancellationToken);
            }
        });
        await Task.WhenAll(clients);
        var requestsDone = Registrar.UtcNow;

        var notified = await NotificationClock.WaitForAllAsync(
            app.NotificationsDb, registrar.Registered.Select(r => r.UserId).ToList(), TimeSpan.FromMinutes(3), cancellationToken);
        CpuUsage.Record(results, "closed_loop", cpuBefore, cpu.Take());
        var (latencies, missing, last) = NotificationClock.Latencies(registrar.Registered, notified);
        var summary = LatencySummary.From(latencies);

        var seconds = (last - start).TotalSeconds;
        results["e2e_closed_loop_notifications_per_s"] = latencies.Count / seconds;
        results["e2e_closed_loop_requests_per_s"] = registrar.Registered.Count / (requestsDone - start).TotalSeconds;
        results["e2e_closed_loop_p50_ms"] = summary.P50;
        results["e2e_closed_loop_p95_ms"] = summary.P95;
        results["e2e_closed_loop_p99_ms"] = summary.P99;
        results["e2e_closed_loop_max_ms"] = summary.Max;
        results["e2e_closed_loop_failed_requests"] = registrar.Failed;
        results["e2e_closed_loop_missing_notifications"] = missing;
        var relayLag = await RelayLag.MeasureAsync(app.UsersDb, registrar.Registered.Select(r => r.UserId).ToList(), cancellationToken);
        results["e2e_closed_loop_relay_lag_p50_ms"] = relayLag.P50;
        results["e2e_closed_loop_relay_lag_p99_ms"] = relayLag.P99;
        Console.WriteLine($"    of which outbox row written to published and confirmed: {relayLag}");
        Console.WriteLine($"  closed loop: {latencies.Count:N0} notified in {seconds:F2} s = {latencies.Count / seconds:N0}/s, " +
            $"{registrar.Failed} failed, {missing} not notified; {summary}");
    }
}
