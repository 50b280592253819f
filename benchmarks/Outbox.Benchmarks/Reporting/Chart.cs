using ScottPlot;

namespace Outbox.Benchmarks.Reporting;

/// <summary>chart.png: throughput of each scenario beside the broker ceiling, and the end-to-end latency percentiles.</summary>
internal static class Chart
{
    public static void Save(BenchmarkResults r, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();

        var throughput = multiplot.GetPlot(0);
        (string Label, double Value)[] bars =
        [
            ("Broker\nceiling", r["broker_ceiling_msgs_per_s"]),
            ("Relay\ndrain ×1", r["relay_drain_msgs_per_s_1"]),
            ("Relay\ndrain ×2", r["relay_drain_msgs_per_s_2"]),
            ("E2E\nclosed loop", r["e2e_closed_loop_notifications_per_s"]),
            ("POST /users\nwith outbox", r["api_requests_per_s_with_outbox"]),
            ("POST /users\nno outbox", r["api_requests_per_s_without_outbox"]),
        ];
        AddBars(throughput, bars);
        throughput.Title("Throughput (messages or requests per second)");

        var latency = multiplot.GetPlot(1);
        (string Label, double Value)[] percentiles =
        [
            ("200/s\np50", r["e2e_200rps_p50_ms"]),
            ("200/s\np99", r["e2e_200rps_p99_ms"]),
            ("1000/s\np50", r["e2e_1000rps_p50_ms"]),
            ("1000/s\np99", r["e2e_1000rps_p99_ms"]),
            ("closed\np50", r["e2e_closed_loop_p50_ms"]),
            ("closed\np99", r["e2e_closed_loop_p99_ms"]),
        ];
        AddBars(latency, percentiles);
        latency.Title("End-to-end latency, request to notification (ms)");

        multiplot.SavePng(path, 1400, 560);
    }

    private static void AddBars(Plot plot, (string Label, double Value)[] bars)
    {
        var values = bars.Select(bar => double.IsFinite(bar.Value) ? bar.Value : 0).ToArray();
        var barPlot = plot.Add.Bars(values);
        foreach (var bar in barPlot.Bars)
        {
            bar.Label = bar.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        }

        barPlot.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, bars.Length).Select(i => (double)i)], [.. bars.Select(bar => bar.Label)]);
        plot.Axes.Margins(bottom: 0);
    }
}
