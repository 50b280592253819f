namespace Outbox.Benchmarks;

/// <summary>Scenario sizes: the full sizes, or a quick run of every scenario at a small size (CI).</summary>
internal sealed record BenchmarkSettings(
    bool Quick,
    int CeilingMessages,
    int DrainMessages,
    int[] OpenLoopRates,
    TimeSpan OpenLoopDuration,
    int ClosedLoopRegistrations,
    int Concurrency,
    TimeSpan WriteCostDuration,
    string OutputDirectory,
    IReadOnlyList<(string Resource, string Name, string Value)> EnvironmentOverrides)
{
    /// <summary>Confirms the bare publisher keeps outstanding at most (the relay's batch has 200).</summary>
    public const int MaxOutstandingConfirms = 256;

    public static BenchmarkSettings Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var outIndex = Array.IndexOf(args, "--out");
        var output = outIndex >= 0 && outIndex + 1 < args.Length
            ? args[outIndex + 1]
            : quick ? "artifacts/benchmarks" : "docs/benchmarks";

        // "--set outbox-relay:OutboxRelay__BatchSize=500": a service setting to try a lever without editing code.
        var overrides = args
            .Select((arg, i) => arg == "--set" && i + 1 < args.Length ? args[i + 1] : null)
            .OfType<string>()
            .Select(ParseOverride)
            .ToList();

        return quick
            ? new BenchmarkSettings(true, 5_000, 5_000, [200, 1_000], TimeSpan.FromSeconds(2), 600, 32, TimeSpan.FromSeconds(1), output, overrides)
            : new BenchmarkSettings(false, 100_000, 100_000, [200, 1_000], TimeSpan.FromSeconds(30), 20_000, 32, TimeSpan.FromSeconds(10), output, overrides);
    }

    private static (string Resource, string Name, string Value) ParseOverride(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (colon <= 0 || equals <= colon + 1)
        {
            throw new ArgumentException($"--set expects resource:NAME=value, not '{text}'.");
        }

        return (text[..colon], text[(colon + 1)..equals], text[(equals + 1)..]);
    }
}
