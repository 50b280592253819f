using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Outbox.Benchmarks.Measurement;

/// <summary>
/// Sends POST /users and remembers, per registered user, the wall-clock time the request was due to start, so the
/// notification's time in the Notifications database (same machine, same clock) gives the end-to-end latency.
/// </summary>
internal sealed class Registrar(HttpClient client)
{
    private static readonly DateTime ClockBase = DateTime.UtcNow;
    private static readonly long TimestampBase = Stopwatch.GetTimestamp();
    private static long s_sequence;

    /// <summary>A precise UTC now: the wall clock read once, advanced by the monotonic high-resolution timer.</summary>
    public static DateTime UtcNow => ClockBase + Stopwatch.GetElapsedTime(TimestampBase);

    public List<(Guid UserId, DateTime StartedUtc)> Registered { get; } = [];

    public int Failed { get; private set; }

    /// <summary>Registers one user; the latency clock starts at <paramref name="startedUtc"/> (the scheduled start in open loop).</summary>
    public async Task<bool> RegisterAsync(DateTime startedUtc, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref s_sequence);
        try
        {
            using var response = await client.PostAsJsonAsync(
                "/users", new { email = $"bench-{Environment.ProcessId}-{n}-{Guid.NewGuid():N}@example.com", name = "Bench" }, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                return Fail();
            }

            var user = await response.Content.ReadFromJsonAsync<CreatedUser>(cancellationToken);
            lock (Registered)
            {
                Registered.Add((user!.Id, startedUtc));
            }

            return true;
        }
        catch (HttpRequestException)
        {
            return Fail();
        }
    }

    private bool Fail()
    {
        lock (Registered)
        {
            Failed++;
        }

        return false;
    }

    private sealed record CreatedUser(Guid Id);
}
