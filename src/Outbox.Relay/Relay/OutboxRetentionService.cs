using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using T = Outbox.Core.Persistence.OutboxTable;

namespace Outbox.Relay.Relay;

/// <summary>
/// Deletes processed outbox rows older than the retention, in bounded batches so no single statement holds locks on a
/// large part of the table. Dead rows are kept for an operator to replay or purge. Safe to run in every replica: the
/// batches skip rows another replica is deleting.
/// </summary>
internal sealed partial class OutboxRetentionService(
    NpgsqlDataSource dataSource,
    TimeProvider timeProvider,
    IOptions<OutboxRelayOptions> options,
    ILogger<OutboxRetentionService> logger) : BackgroundService
{
    private const string DeleteSql = $"""
        DELETE FROM {T.Name} WHERE {T.Id} IN (
            SELECT {T.Id} FROM {T.Name}
            WHERE {T.ProcessedOnUtc} < $1
            ORDER BY {T.ProcessedOnUtc}
            LIMIT $2
            FOR UPDATE SKIP LOCKED)
        """;

    private readonly OutboxRelayOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RetentionInterval, timeProvider);
        do
        {
            try
            {
                var deleted = await DeleteExpiredAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted, _options.ProcessedRetention);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The next tick tries again; retention falling behind harms nothing but disk space.
                LogFailed(logger, exception);
            }
        }
        while (await WaitForNextTickAsync(timer, stoppingToken));
    }

    /// <returns>How many rows were deleted.</returns>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - _options.ProcessedRetention;
        var total = 0;
        int deleted;
        do
        {
            await using var command = dataSource.CreateCommand(DeleteSql);
            command.Parameters.Add(new() { Value = cutoff, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new() { Value = _options.RetentionBatchSize });
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == _options.RetentionBatchSize && !cancellationToken.IsCancellationRequested);

        return total;
    }

    private static async Task<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} processed outbox messages older than {Retention}")]
    private static partial void LogDeleted(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox retention failed; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
