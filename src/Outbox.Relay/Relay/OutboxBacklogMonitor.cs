using Microsoft.Extensions.Options;
using Npgsql;
using T = Outbox.Core.Persistence.OutboxTable;

namespace Outbox.Relay.Relay;

/// <summary>
/// Measures the backlog every <see cref="OutboxRelayOptions.BacklogInterval"/> for the metrics and the health check.
/// Both numbers come from the partial index of pending rows: the count reads only pending entries, and the oldest is
/// the index's first entry; processed and dead rows are never scanned.
/// </summary>
internal sealed partial class OutboxBacklogMonitor(
    NpgsqlDataSource dataSource,
    TimeProvider timeProvider,
    IOptions<OutboxRelayOptions> options,
    ILogger<OutboxBacklogMonitor> logger) : BackgroundService, IOutboxBacklogSource
{
    private const string BacklogSql = $"""
        SELECT count(*), min({T.OccurredOnUtc})
        FROM {T.Name}
        WHERE {T.ProcessedOnUtc} IS NULL AND {T.DeadOnUtc} IS NULL
        """;

    private volatile Box _current = new(OutboxBacklog.Unknown);

    public OutboxBacklog Current => _current.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BacklogInterval, timeProvider);
        try
        {
            do
            {
                await MeasureAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task MeasureAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        try
        {
            await using var command = dataSource.CreateCommand(BacklogSql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var pending = reader.GetInt64(0);
            var lag = reader.IsDBNull(1) ? TimeSpan.Zero : now - reader.GetFieldValue<DateTimeOffset>(1);
            _current = new Box(new OutboxBacklog(pending, lag < TimeSpan.Zero ? TimeSpan.Zero : lag, now, null));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception.Message);
            _current = new Box(_current.Value with { Error = exception.Message });
        }
    }

    // A record struct cannot be volatile; a box swapped whole keeps readers from seeing half an update.
    private sealed record Box(OutboxBacklog Value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not measure the outbox backlog: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
