using System.Threading.Channels;

namespace Outbox.Relay.Relay;

/// <summary>
/// Tells the idle relay loop that outbox rows have committed. Signals coalesce: however many arrive while the loop is
/// busy, it runs one more batch, and a full batch goes on by itself anyway.
/// </summary>
internal sealed class OutboxWakeUpSignal(TimeProvider timeProvider)
{
    // Capacity one, dropping further writes: a pending signal is all the loop needs to know.
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = false });

    public void Signal() => _signals.Writer.TryWrite(true);

    /// <summary>
    /// Waits until signalled or until <paramref name="timeout"/> passes (the polling fallback for a missed signal).
    /// Returns whether a signal arrived.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_signals.Reader.TryRead(out _))
        {
            return true;
        }

        try
        {
            await _signals.Reader.WaitToReadAsync(cancellationToken).AsTask().WaitAsync(timeout, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            return false;
        }

        return _signals.Reader.TryRead(out _);
    }
}
