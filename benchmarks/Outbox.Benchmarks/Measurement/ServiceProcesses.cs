namespace Outbox.Benchmarks.Measurement;

/// <summary>
/// Finds a service's processes in /proc by their OpenTelemetry service name and a connection string this AppHost gave
/// them, so no process of another AppHost on the machine is ever touched or measured.
/// </summary>
internal sealed class ServiceProcesses(string serviceName, string connectionStringMarker)
{
    public IEnumerable<int> Find()
    {
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string environment;
            try
            {
                environment = File.ReadAllText(Path.Combine(directory, "environ"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var variables = environment.Split('\0');
            if (variables.Contains($"OTEL_SERVICE_NAME={serviceName}") && variables.Any(v => v.Contains(connectionStringMarker, StringComparison.Ordinal)))
            {
                yield return pid;
            }
        }
    }
}
