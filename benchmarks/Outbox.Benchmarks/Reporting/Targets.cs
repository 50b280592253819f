namespace Outbox.Benchmarks.Reporting;

/// <summary>The targets, each checked against a run's figures.</summary>
internal static class Targets
{
    public sealed record Target(string Name, Func<BenchmarkResults, double> Actual, string Unit, string Comparison, double Goal)
    {
        public bool Met(BenchmarkResults results) =>
            Actual(results) is var value && double.IsFinite(value) && (Comparison == "≤" ? value <= Goal : value >= Goal);
    }

    public static IReadOnlyList<Target> All { get; } =
    [
        new("E2E p50 at 200 req/s", r => r["e2e_200rps_p50_ms"], "ms", "≤", 8),
        new("E2E p99 at 200 req/s", r => r["e2e_200rps_p99_ms"], "ms", "≤", 20),
        new("Closed loop notifications/s", r => r["e2e_closed_loop_notifications_per_s"], "/s", "≥", 1_500),
        new("Closed loop p99", r => r["e2e_closed_loop_p99_ms"], "ms", "≤", 250),
        new("Relay drain, 1 instance, of the broker ceiling", r => 100 * r["relay_drain_msgs_per_s_1"] / r["broker_ceiling_msgs_per_s"], "%", "≥", 80),
        new("Relay drain, 2 instances, of 1 instance", r => 100 * r["relay_drain_msgs_per_s_2"] / r["relay_drain_msgs_per_s_1"], "%", "≥", 100),
        new("Outbox write cost on POST /users", r => r["api_outbox_write_cost_pct"], "%", "≤", 15),
        new("Relay peak RSS while draining", r => r["relay_peak_rss_mb"], "MB", "≤", 200),
    ];
}
