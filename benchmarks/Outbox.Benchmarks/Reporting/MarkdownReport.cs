using System.Globalization;
using System.Text;

namespace Outbox.Benchmarks.Reporting;

/// <summary>The generated report (results.md): every figure, its ratio to the broker ceiling, and the targets.</summary>
internal static class MarkdownReport
{
    public static string Render(BenchmarkResults r, string command)
    {
        var ceiling = r["broker_ceiling_msgs_per_s"];
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark results ({(r.Quick ? "quick" : "full")} run)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Run: {r.StartedUtc.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {r.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{command}`");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- 1-minute load average at start {r["machine_load_avg_1m_at_start"]:F1}, at end {r["machine_load_avg_1m_at_end"]:F1} (the cores are shared; the benchmark itself adds its own load)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Message body: {r["message_body_bytes"]:F0} bytes (the relay's UserRegistered integration event)");
        text.AppendLine();
        text.AppendLine("![chart](chart.png)");
        text.AppendLine();
        text.AppendLine("| Scenario | Figure | Ratio to broker ceiling |");
        text.AppendLine("| --- | ---: | ---: |");
        Row("1. Broker ceiling (bare publisher, confirms awaited)", $"{ceiling:N0} msg/s", ceiling);
        Row("2. Relay drain, 1 instance", $"{r["relay_drain_msgs_per_s_1"]:N0} msg/s", r["relay_drain_msgs_per_s_1"]);
        Row("2. Relay drain, 2 instances", $"{r["relay_drain_msgs_per_s_2"]:N0} msg/s", r["relay_drain_msgs_per_s_2"]);
        foreach (var rate in new[] { 200, 1000 })
        {
            var k = $"e2e_{rate}rps";
            Row($"3. E2E open loop {rate}/s (achieved {r[$"{k}_achieved_rps"]:N0}/s)",
                $"p50 {r[$"{k}_p50_ms"]:F1} / p95 {r[$"{k}_p95_ms"]:F1} / p99 {r[$"{k}_p99_ms"]:F1} / max {r[$"{k}_max_ms"]:F1} ms",
                r[$"{k}_notifications_per_s"]);
        }

        Row("4. E2E closed loop, concurrency 32", $"{r["e2e_closed_loop_notifications_per_s"]:N0} notifications/s; " +
            $"p50 {r["e2e_closed_loop_p50_ms"]:F0} / p95 {r["e2e_closed_loop_p95_ms"]:F0} / p99 {r["e2e_closed_loop_p99_ms"]:F0} / max {r["e2e_closed_loop_max_ms"]:F0} ms",
            r["e2e_closed_loop_notifications_per_s"]);
        Row("5. POST /users with the outbox write", $"{r["api_requests_per_s_with_outbox"]:N0} req/s", r["api_requests_per_s_with_outbox"]);
        Row("5. POST /users without it (benchmark-only switch)", $"{r["api_requests_per_s_without_outbox"]:N0} req/s (outbox adds {r["api_outbox_write_cost_pct"]:F1}%)", r["api_requests_per_s_without_outbox"]);
        Row("5. POST /users with the outbox and a NOTIFY trigger in the transaction (rejected design)", $"{r["api_requests_per_s_with_outbox_and_notify_trigger"]:N0} req/s", r["api_requests_per_s_with_outbox_and_notify_trigger"]);
        text.AppendLine(CultureInfo.InvariantCulture, $"| 6. Relay peak RSS during (2) | {r["relay_peak_rss_mb"]:F0} MB | |");
        text.AppendLine();
        text.AppendLine("Ratios of scenarios 3 and 4 are notifications/s, of scenario 5 requests/s, each over the broker ceiling.");
        text.AppendLine();
        text.AppendLine("| Target | Goal | This run | |");
        text.AppendLine("| --- | ---: | ---: | --- |");
        foreach (var target in Targets.All)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {target.Name} | {target.Comparison} {target.Goal:N0} {target.Unit} | {target.Actual(r):N1} {target.Unit} | {(target.Met(r) ? "met" : "**missed**")} |");
        }

        return text.ToString();

        void Row(string scenario, string figure, double rate) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {figure} | {(ceiling > 0 ? rate / ceiling : double.NaN):P1} |");
    }
}
