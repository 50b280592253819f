using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifications.Data;

namespace Notifications.Api.Consumers;

/// <summary>
/// Deletes inbox rows older than the dedupe window, in bounded batches. The window outlasts every redelivery delay, so
/// a message whose inbox row is gone can no longer arrive again.
/// </summary>
internal sealed partial class InboxPruningService(
    IServiceScopeFactory scopeFactory,
    TimeProvider timeProvider,
    IOptions<NotificationsConsumerOptions> options,
    ILogger<InboxPruningService> logger) : BackgroundService
{
    private const int BatchSize = 1000; // the LIMIT below

    private const string DeleteSql = $$"""
        DELETE FROM {{InboxTable.Name}} WHERE ctid IN (
            SELECT ctid FROM {{InboxTable.Name}} WHERE {{InboxTable.ProcessedOnUtc}} < {0} LIMIT 1000)
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.InboxPruneInterval, timeProvider);
        try
        {
            do
            {
                try
                {
                    var pruned = await PruneAsync(stoppingToken);
                    if (pruned > 0)
                    {
                        LogPruned(logger, pruned, options.Value.DedupeWindow);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var cutoff = timeProvider.GetUtcNow() - options.Value.DedupeWindow;
        var total = 0;
        int deleted;
        do
        {
            deleted = await db.Database.ExecuteSqlRawAsync(DeleteSql, [cutoff], cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} inbox rows older than {Window}")]
    private static partial void LogPruned(ILogger logger, int count, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox pruning failed; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
