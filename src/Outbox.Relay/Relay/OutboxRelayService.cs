using Microsoft.Extensions.Options;

namespace Outbox.Relay.Relay;

/// <summary>
/// The relay loop: runs batches back to back while there is work; when the outbox is empty it waits for a wake-up
/// (rows committed, see <see cref="OutboxWakeUpListener"/>) or, should a signal be missed, the poll interval; and backs
/// off exponentially (with jitter, capped) while the broker or the database cannot be reached.
/// It never stops on an error: an outbox that nobody drains is the failure the pattern exists to prevent.
/// </summary>
internal sealed partial class OutboxRelayService(
    OutboxBatchProcessor processor,
    OutboxWakeUpSignal wakeUp,
    OutboxRelayMetrics metrics,
    TimeProvider timeProvider,
    IOptions<OutboxRelayOptions> options,
    ILogger<OutboxRelayService> logger) : BackgroundService
{
    private static readonly TimeSpan BrokerBackoffBase = TimeSpan.FromMilliseconds(500);

    private readonly OutboxRelayOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, _options.BatchSize, _options.PollInterval);
        var consecutiveFailures = 0;

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan pause;
            var idle = false;
            try
            {
                var started = timeProvider.GetTimestamp();
                var result = await processor.ProcessBatchAsync(stoppingToken);
                if (result.Claimed > 0)
                {
                    metrics.RecordBatch(result, timeProvider.GetElapsedTime(started));
                }

                if (result.BrokerUnavailable)
                {
                    consecutiveFailures++;
                    pause = Backoff(consecutiveFailures);
                    LogBrokerUnavailable(logger, result.Claimed - result.Published - result.Failed - result.Dead, pause, result.BrokerError!);
                }
                else
                {
                    if (consecutiveFailures > 0)
                    {
                        LogRecovered(logger, consecutiveFailures);
                    }

                    consecutiveFailures = 0;
                    if (result.Claimed > 0)
                    {
                        LogBatch(logger, result.Claimed, result.Published, result.Failed, result.Dead);
                    }

                    // A full batch means there is probably more: go straight on.
                    pause = result.Claimed >= _options.BatchSize ? TimeSpan.Zero : _options.PollInterval;
                    idle = pause > TimeSpan.Zero;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                consecutiveFailures++;
                pause = Backoff(consecutiveFailures);
                LogBatchFailed(logger, pause, exception);
            }

            if (pause > TimeSpan.Zero)
            {
                try
                {
                    // Idle: new rows end the wait. Backing off: a signal must not cut short the wait for the broker.
                    if (idle)
                    {
                        await wakeUp.WaitAsync(pause, stoppingToken);
                    }
                    else
                    {
                        await Task.Delay(pause, timeProvider, stoppingToken);
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        LogStopped(logger);
    }

    private TimeSpan Backoff(int failures) =>
        RetrySchedule.Delay(failures, BrokerBackoffBase, _options.MaxBrokerBackoff, Random.Shared.NextDouble());

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay started: batches of {BatchSize}, woken by commits, polling every {PollInterval} as a fallback")]
    private static partial void LogStarted(ILogger logger, int batchSize, TimeSpan pollInterval);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Relayed a batch of {Claimed}: {Published} published, {Failed} failed, {Dead} dead")]
    private static partial void LogBatch(ILogger logger, int claimed, int published, int failed, int dead);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker unavailable; {Pending} messages left pending, retrying in {Delay}: {Reason}")]
    private static partial void LogBrokerUnavailable(ILogger logger, int pending, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox batch failed; retrying in {Delay}")]
    private static partial void LogBatchFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay recovered after {Failures} failed batches")]
    private static partial void LogRecovered(ILogger logger, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay stopped")]
    private static partial void LogStopped(ILogger logger);
}
