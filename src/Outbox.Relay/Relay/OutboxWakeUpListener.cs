using Npgsql;
using Outbox.Core.Persistence;

namespace Outbox.Relay.Relay;

/// <summary>
/// Holds one database connection that LISTENs on the outbox channel and turns each notification (sent by a trigger
/// when outbox rows commit) into a wake-up of the relay loop. A lost connection is re-opened with a back-off; the
/// relay keeps polling meanwhile, and is woken once after every (re)connect for what committed while nobody listened.
/// </summary>
internal sealed partial class OutboxWakeUpListener(
    NpgsqlDataSource dataSource,
    OutboxWakeUpSignal signal,
    TimeProvider timeProvider,
    ILogger<OutboxWakeUpListener> logger) : BackgroundService
{
    /// <summary>A silent network can hold a wait forever; after this long without a notification the connection is probed.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReconnectBase = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => failures = 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                failures++;
                var delay = RetrySchedule.Delay(failures, ReconnectBase, MaxReconnectDelay, Random.Shared.NextDouble());
                LogListenFailed(logger, delay, exception);
                try
                {
                    await Task.Delay(delay, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, _) => signal.Signal();
        await using (var listen = new NpgsqlCommand($"LISTEN {OutboxTable.WakeUpChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        connected();
        LogListening(logger, OutboxTable.WakeUpChannel);
        signal.Signal();

        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await connection.WaitAsync(ProbeInterval, cancellationToken))
            {
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteScalarAsync(cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for outbox wake-ups on channel {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox wake-up listener lost its connection; polling until it reconnects in {Delay}")]
    private static partial void LogListenFailed(ILogger logger, TimeSpan delay, Exception exception);
}
