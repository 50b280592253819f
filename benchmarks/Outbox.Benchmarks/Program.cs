using Outbox.Benchmarks;
using Outbox.Benchmarks.Reporting;
using Outbox.Benchmarks.Scenarios;

// The performance benchmark of issue #6 (see docs/benchmarks/README.md). Full run: the issue's sizes, written to
// docs/benchmarks/; `--quick`: every scenario at a small size, written to artifacts/benchmarks/ (CI runs this).
var settings = BenchmarkSettings.Parse(args);
var command = "dotnet run -c Release --project benchmarks/Outbox.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var cancellationToken = cancellation.Token;

var results = new BenchmarkResults(MachineInfo.Describe(), DateTimeOffset.UtcNow, settings.Quick);
Console.WriteLine($"Outbox benchmark ({(settings.Quick ? "quick" : "full")}) on {results.Machine}");
foreach (var (resource, name, value) in settings.EnvironmentOverrides)
{
    Console.WriteLine($"  with {resource}: {name}={value}");
}

results["machine_load_avg_1m_at_start"] = MachineInfo.LoadAverage();
var startup = System.Diagnostics.Stopwatch.StartNew();
await using (var app = await BenchmarkApp.StartAsync(settings, cancellationToken))
{
    Console.WriteLine($"AppHost up in {startup.Elapsed.TotalSeconds:F0} s");
    var scenarios = System.Diagnostics.Stopwatch.StartNew();

    // Publishing side first, with Notifications stopped so the consumer competes with neither measurement.
    await app.StopAsync(ResourceNames.Notifications, cancellationToken);
    Console.WriteLine("1. Broker ceiling");
    await BrokerCeilingScenario.RunAsync(app, settings, results, cancellationToken);
    Console.WriteLine("2. Relay drain (and 6. relay peak RSS)");
    await RelayDrainScenario.RunAsync(app, settings, results, cancellationToken);

    await app.StartAsync(ResourceNames.OutboxRelay, replicas: null, cancellationToken);
    await app.StartAsync(ResourceNames.Notifications, replicas: null, cancellationToken);
    // Warm-up: the services just restarted; the pipeline's JIT and connection pools are not what is being measured.
    await OpenLoopLatencyScenario.WarmUpAsync(app, cancellationToken);
    Console.WriteLine("3. End-to-end latency, open loop");
    await OpenLoopLatencyScenario.RunAsync(app, settings, results, cancellationToken);
    Console.WriteLine("4. End-to-end throughput, closed loop");
    await ClosedLoopThroughputScenario.RunAsync(app, settings, results, cancellationToken);
    Console.WriteLine("5. Write cost of the outbox");
    await WriteCostScenario.RunAsync(app, settings, results, cancellationToken);

    results["scenarios_seconds"] = scenarios.Elapsed.TotalSeconds;
    results["machine_load_avg_1m_at_end"] = MachineInfo.LoadAverage();
    results["relay_drain_ratio_to_ceiling_1"] = results["relay_drain_msgs_per_s_1"] / results["broker_ceiling_msgs_per_s"];
    results["relay_drain_ratio_to_ceiling_2"] = results["relay_drain_msgs_per_s_2"] / results["broker_ceiling_msgs_per_s"];
    Console.WriteLine($"Scenarios took {scenarios.Elapsed.TotalSeconds:F0} s; stopping the AppHost");
}

Directory.CreateDirectory(settings.OutputDirectory);
await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "results.json"), results.ToJson(), cancellationToken);
var report = MarkdownReport.Render(results, command);
await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "results.md"), report, cancellationToken);
Chart.Save(results, Path.Combine(settings.OutputDirectory, "chart.png"));
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"Wrote results.json, results.md and chart.png to {Path.GetFullPath(settings.OutputDirectory)}");
