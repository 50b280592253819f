using System.Globalization;

namespace Outbox.Benchmarks.Measurement;

/// <summary>
/// CPU time from /proc, to show where a scenario's CPU went: the relay, this AppHost's PostgreSQL (postmaster and
/// backends) and RabbitMQ, and the whole machine (whose cores other work may share).
/// </summary>
internal sealed class CpuUsage(BenchmarkApp app)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public sealed record Snapshot(IReadOnlyDictionary<string, double> Seconds, double MachineBusy, DateTime TakenUtc);

    public Snapshot Take() => new(
        new Dictionary<string, double>
        {
            ["relay"] = Seconds(new ServiceProcesses(ResourceNames.OutboxRelay, app.UsersDbConnectionString).Find(), includeChildren: false),
            ["users_api"] = Seconds(new ServiceProcesses(ResourceNames.UsersApi, app.UsersDbConnectionString).Find(), includeChildren: false),
            ["notifications"] = Seconds(new ServiceProcesses(ResourceNames.Notifications, app.RabbitMqConnectionString).Find(), includeChildren: false),
            ["postgres"] = Seconds(PostgresProcesses(), includeChildren: true),
            ["rabbitmq"] = Seconds(RabbitMqProcesses(), includeChildren: false),
        },
        MachineBusySeconds(),
        DateTime.UtcNow);

    /// <summary>
    /// Writes "cpu_{prefix}_{group}_pct_of_one_core" for each group, and the whole machine's busy share of all cores
    /// (everything else on the machine included: the benchmark itself, the orchestrator, and other people's work).
    /// </summary>
    public static void Record(BenchmarkResults results, string prefix, Snapshot before, Snapshot after)
    {
        var wall = (after.TakenUtc - before.TakenUtc).TotalSeconds;
        var parts = new List<string>();
        foreach (var (group, seconds) in after.Seconds)
        {
            var pct = 100 * (seconds - before.Seconds[group]) / wall;
            results[$"cpu_{prefix}_{group}_pct_of_one_core"] = pct;
            parts.Add($"{group} {pct:F0}");
        }

        var machine = 100 * (after.MachineBusy - before.MachineBusy) / wall / Environment.ProcessorCount;
        results[$"cpu_{prefix}_machine_busy_pct_of_all_cores"] = machine;
        Console.WriteLine($"    CPU, % of one core: {string.Join(", ", parts)}; machine busy {machine:F0}% of all {Environment.ProcessorCount} cores");
    }

    private IEnumerable<int> PostgresProcesses()
    {
        var port = new Npgsql.NpgsqlConnectionStringBuilder(app.UsersDbConnectionString).Port.ToString(CultureInfo.InvariantCulture);
        var postmaster = AllProcesses().FirstOrDefault(pid => ReadText($"/proc/{pid}/cmdline").Split('\0') is var args
            && args.Length > 0 && args[0].EndsWith("/postgres", StringComparison.Ordinal) && args.Contains(port));
        return postmaster == 0 ? [] : AllProcesses().Where(pid => pid == postmaster || ParentOf(pid) == postmaster).ToList();
    }

    private IEnumerable<int> RabbitMqProcesses()
    {
        var port = new Uri(app.RabbitMqConnectionString).Port.ToString(CultureInfo.InvariantCulture);
        return AllProcesses().Where(pid => ReadText($"/proc/{pid}/cmdline").Contains("beam", StringComparison.Ordinal)
            && ReadText($"/proc/{pid}/environ").Split('\0').Any(v => v.StartsWith("RABBITMQ_NODE_PORT=", StringComparison.Ordinal) && v.EndsWith("=" + port, StringComparison.Ordinal)))
            .ToList();
    }

    private static double Seconds(IEnumerable<int> pids, bool includeChildren) =>
        // After the command name, index 0 is stat field 3 (state): utime, stime, cutime, cstime are fields 14-17.
        pids.Sum(pid => StatFields(pid) is { Length: > 14 } f
            ? (Ticks(f[11]) + Ticks(f[12]) + (includeChildren ? Ticks(f[13]) + Ticks(f[14]) : 0)) / TicksPerSecond
            : 0);

    private static double MachineBusySeconds()
    {
        var cpu = ReadText("/proc/stat").Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
        var values = cpu.Skip(1).Take(8).Select(Ticks).ToArray();
        return (values.Sum() - values[3] - values[4]) / TicksPerSecond;
    }

    private static int ParentOf(int pid) => StatFields(pid) is { Length: > 1 } f ? (int)Ticks(f[1]) : 0;

    /// <summary>The fields of /proc/pid/stat after the command name (which may hold spaces); index 0 is the state.</summary>
    private static string[]? StatFields(int pid)
    {
        var stat = ReadText($"/proc/{pid}/stat");
        var end = stat.LastIndexOf(')');
        return end < 0 ? null : stat[(end + 2)..].Split(' ');
    }

    private static double Ticks(string value) =>
        double.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks) ? ticks : 0;

    private static IEnumerable<int> AllProcesses() =>
        Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(pid => pid > 0);

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
