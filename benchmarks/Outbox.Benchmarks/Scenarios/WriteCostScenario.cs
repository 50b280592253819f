using System.Diagnostics;
using Outbox.Benchmarks.Measurement;

namespace Outbox.Benchmarks.Scenarios;

/// <summary>
/// (5) What the outbox write costs a registration: POST /users throughput at fixed concurrency against the real Users
/// API and against its benchmark-only twin that skips the outbox write, alternating (with, without, with, without) so
/// drift on a shared machine hits both alike. The relay and Notifications are stopped meanwhile, so only the request
/// path is measured, not the downstream work the extra rows cause.
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

        double with = 0, without = 0;
        for (var round = 0; round < Rounds; round++)
        {
            with += await RunAsync(app.UsersApi, settings.Concurrency, settings.WriteCostDuration, cancellationToken);
            without += await RunAsync(app.UsersApiWithoutOutboxClient, settings.Concurrency, settings.WriteCostDuration, cancellationToken);
        }

        results["api_requests_per_s_with_outbox"] = with / Rounds;
        results["api_requests_per_s_without_outbox"] = without / Rounds;
        results["api_outbox_write_cost_pct"] = 100 * (without / with - 1);
        Console.WriteLine($"  POST /users: {with / Rounds:N0}/s with the outbox, {without / Rounds:N0}/s without " +
            $"(the outbox adds {100 * (without / with - 1):F1}% per request)");
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
