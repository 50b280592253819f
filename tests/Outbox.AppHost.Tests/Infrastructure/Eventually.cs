namespace Outbox.AppHost.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline: polls, never sleeps a fixed time and hopes.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <returns>The first value <paramref name="probe"/> returns that satisfies <paramref name="condition"/>.</returns>
    /// <exception cref="TimeoutException">The deadline passed; the message says what was awaited and the last value.</exception>
    public static async Task<T> MatchesAsync<T>(
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> condition,
        string description,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        var last = default(T);
        try
        {
            while (true)
            {
                last = await probe(deadline.Token);
                if (condition(last))
                {
                    return last;
                }

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {timeout ?? DefaultTimeout} waiting for {description}; last value: {last}");
        }
    }
}
