using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Outbox.Benchmarks;

/// <summary>The figures of one run, by the keys results.json promises, plus the machine and the time.</summary>
internal sealed class BenchmarkResults(string machine, DateTimeOffset startedUtc, bool quick)
{
    public string Machine => machine;

    public DateTimeOffset StartedUtc => startedUtc;

    public bool Quick => quick;

    public SortedDictionary<string, double> Figures { get; } = new(StringComparer.Ordinal);

    public double this[string key]
    {
        get => Figures.TryGetValue(key, out var value) ? value : double.NaN;
        set => Figures[key] = Math.Round(value, 2);
    }

    public string ToJson()
    {
        var json = new JsonObject
        {
            ["machine"] = machine,
            ["run_utc"] = startedUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["mode"] = quick ? "quick" : "full",
        };
        foreach (var (key, value) in Figures)
        {
            // NaN is not JSON; a figure that could not be measured is left out rather than faked.
            if (double.IsFinite(value))
            {
                json[key] = value;
            }
        }

        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
