using System.Threading.Channels;
using Npgsql;
using Outbox.Core.Persistence;

namespace Users.Api.Outbox;

/// <summary>
/// Wakes the relay after outbox rows were committed: a NOTIFY on the outbox channel, sent on its own connection after
/// the registration's transaction, never inside it. PostgreSQL serialises the commits of transactions that notify
/// (a global lock held through the commit's WAL flush), which the benchmark measured as the largest cost of a
/// registration; a NOTIFY alone writes no WAL, so here the lock is held for microseconds. Saves coalesce: while one
/// NOTIFY is on its way, any number of further saves cause one more, not one each.
/// A failed NOTIFY costs only latency: the relay polls as a fallback.
/// </summary>
internal sealed partial class OutboxWakeUpNotifier(string connectionString, ILogger<OutboxWakeUpNotifier> logger)
    : BackgroundService, IOutboxWriteNotifier
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly NpgsqlDataSource _dataSource = new NpgsqlDataSourceBuilder(connectionString)
    {
        ConnectionStringBuilder = { MaxPoolSize = 2, ApplicationName = "users-api outbox wake-up" },
    }.Build();

    public void OutboxMessagesSaved() => _pending.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in _pending.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var command = _dataSource.CreateCommand($"NOTIFY {OutboxTable.WakeUpChannel}");
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException)
                {
                    LogNotifyFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _dataSource.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake the outbox relay; it will find the rows at its next poll")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception);
}
