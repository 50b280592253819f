namespace Outbox.Benchmarks.Measurement;

/// <summary>Samples the peak resident memory of a service's processes (all replicas, across restarts) from /proc.</summary>
internal sealed class ProcessMemory(ServiceProcesses processes) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _sampling;

    /// <summary>Highest VmHWM (the kernel's own peak RSS) of any matching process, in MiB.</summary>
    public double PeakRssMb { get; private set; }

    public void Start() => _sampling = Task.Run(() => SampleAsync(_stop.Token));

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var pid in processes.Find())
            {
                PeakRssMb = Math.Max(PeakRssMb, ReadKb(pid, "VmHWM:") / 1024.0);
            }

            try
            {
                await Task.Delay(200, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static double ReadKb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_sampling is not null)
        {
            await _sampling;
        }

        _stop.Dispose();
    }
}
