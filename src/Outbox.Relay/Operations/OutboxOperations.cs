using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using C = Outbox.Core.Persistence.OutboxRelayControlTable;
using T = Outbox.Core.Persistence.OutboxTable;

namespace Outbox.Relay.Operations;

/// <summary>
/// What operators do to the outbox, in SQL against the outbox table: inspect it, replay or purge dead messages, and
/// flip the pause switch every relay replica reads in its claim statement.
/// </summary>
internal sealed class OutboxOperations(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Dead messages shown in the summary, newest first.</summary>
    public const int RecentDeadInSummary = 10;

    private const string DeadColumns = $"{T.Id}, {T.Type}, {T.Attempts}, {T.LastError}, {T.OccurredOnUtc}, {T.DeadOnUtc}";

    private const string CountsSql = $"""
        SELECT
            count(*) FILTER (WHERE {T.ProcessedOnUtc} IS NULL AND {T.DeadOnUtc} IS NULL AND {T.Attempts} = 0),
            count(*) FILTER (WHERE {T.ProcessedOnUtc} IS NULL AND {T.DeadOnUtc} IS NULL AND {T.Attempts} > 0),
            count(*) FILTER (WHERE {T.DeadOnUtc} IS NOT NULL),
            count(*) FILTER (WHERE {T.ProcessedOnUtc} IS NOT NULL),
            min({T.OccurredOnUtc}) FILTER (WHERE {T.ProcessedOnUtc} IS NULL AND {T.DeadOnUtc} IS NULL)
        FROM {T.Name}
        """;

    private const string RelayStateSql = $"SELECT {C.Paused}, {C.ChangedOnUtc} FROM {C.Name} WHERE {C.Id} = {C.SingletonIdSql}";

    // The row is seeded by the migration; the upsert only makes the switch work on a database that lost it.
    private const string SetPausedSql = $"""
        INSERT INTO {C.Name} ({C.Id}, {C.Paused}, {C.ChangedOnUtc}) VALUES ({C.SingletonIdSql}, $1, $2)
        ON CONFLICT ({C.Id}) DO UPDATE SET {C.Paused} = excluded.{C.Paused}, {C.ChangedOnUtc} = excluded.{C.ChangedOnUtc}
        RETURNING {C.Paused}, {C.ChangedOnUtc}
        """;

    private const string ListDeadSql = $"""
        SELECT {DeadColumns}, count(*) OVER ()
        FROM {T.Name}
        WHERE {T.DeadOnUtc} IS NOT NULL AND ($1::text IS NULL OR {T.Type} = $1)
        ORDER BY {T.DeadOnUtc} DESC, {T.Id}
        LIMIT $2 OFFSET $3
        """;

    private const string TotalDeadSql = $"""
        SELECT count(*) FROM {T.Name} WHERE {T.DeadOnUtc} IS NOT NULL AND ($1::text IS NULL OR {T.Type} = $1)
        """;

    private const string GetDeadSql = $"""
        SELECT {DeadColumns}, {T.Payload}::text FROM {T.Name} WHERE {T.Id} = $1 AND {T.DeadOnUtc} IS NOT NULL
        """;

    // Back to pending as if new: same id (consumers dedupe on it), attempts reset, claimable at once.
    private const string ReplaySet = $"""
        SET {T.DeadOnUtc} = NULL, {T.Attempts} = 0, {T.NextAttemptOnUtc} = NULL, {T.LastError} = NULL
        """;

    private const string ReplayOneSql = $"UPDATE {T.Name} {ReplaySet} WHERE {T.Id} = $1 AND {T.DeadOnUtc} IS NOT NULL";

    private const string ReplayManySql = $"""
        UPDATE {T.Name} {ReplaySet} WHERE {T.DeadOnUtc} IS NOT NULL AND ($1::text IS NULL OR {T.Type} = $1)
        """;

    private const string PurgeSql = $"DELETE FROM {T.Name} WHERE {T.DeadOnUtc} IS NOT NULL AND {T.DeadOnUtc} < $1";

    public async Task<OutboxSummary> SummarizeAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(CountsSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(RelayStateSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(ListDeadSql)
        {
            Parameters = { TypeParameter(null), new() { Value = RecentDeadInSummary }, new() { Value = 0 } },
        });

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (pending, inRetry, dead, processed) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        var oldestPending = reader.IsDBNull(4) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(4);

        await reader.NextResultAsync(cancellationToken);
        var state = await reader.ReadAsync(cancellationToken) ? ReadState(reader) : new RelayState(false, null);

        await reader.NextResultAsync(cancellationToken);
        var recentDead = new List<DeadMessageSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            recentDead.Add(ReadSummary(reader));
        }

        var oldestPendingAge = oldestPending is { } oldest ? Max(now - oldest, TimeSpan.Zero) : (TimeSpan?)null;
        return new OutboxSummary(pending, inRetry, dead, processed, oldestPendingAge, state.Paused, state.ChangedOnUtc, recentDead);
    }

    public async Task<DeadMessagePage> ListDeadAsync(string? type, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ListDeadSql);
        command.Parameters.Add(TypeParameter(type));
        command.Parameters.Add(new() { Value = pageSize });
        command.Parameters.Add(new() { Value = (page - 1) * pageSize });

        var items = new List<DeadMessageSummary>(pageSize);
        long total = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(ReadSummary(reader));
                total = reader.GetInt64(6);
            }
        }

        // A page past the end has no rows to carry the total.
        if (items.Count == 0 && page > 1)
        {
            await using var count = dataSource.CreateCommand(TotalDeadSql);
            count.Parameters.Add(TypeParameter(type));
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return new DeadMessagePage(page, pageSize, total, items);
    }

    public async Task<DeadMessage?> GetDeadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(GetDeadSql);
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var summary = ReadSummary(reader);
        using var payload = JsonDocument.Parse(reader.GetString(6));
        return new DeadMessage(
            summary.Id, summary.Type, summary.Attempts, summary.LastError, summary.OccurredOnUtc, summary.DeadOnUtc,
            payload.RootElement.Clone());
    }

    /// <returns>True when the message was dead and is pending again.</returns>
    public async Task<bool> ReplayAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReplayOneSql);
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Replays every dead message, or every dead message of one type.</summary>
    public async Task<int> ReplayAllAsync(string? type, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReplayManySql);
        command.Parameters.Add(TypeParameter(type));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes dead messages that died longer than <paramref name="olderThan"/> ago; nothing else.</summary>
    public async Task<PurgeResult> PurgeDeadAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - olderThan;
        await using var command = dataSource.CreateCommand(PurgeSql);
        command.Parameters.Add(new() { Value = cutoff, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return new PurgeResult(await command.ExecuteNonQueryAsync(cancellationToken), cutoff);
    }

    public async Task<RelayState> GetRelayStateAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RelayStateSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadState(reader) : new RelayState(false, null);
    }

    public async Task<RelayState> SetPausedAsync(bool paused, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SetPausedSql);
        command.Parameters.Add(new() { Value = paused });
        command.Parameters.Add(new() { Value = timeProvider.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ReadState(reader);
    }

    private static NpgsqlParameter TypeParameter(string? type) =>
        new() { Value = (object?)type ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static DeadMessageSummary ReadSummary(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetFieldValue<DateTimeOffset>(5));

    private static RelayState ReadState(NpgsqlDataReader reader) =>
        new(reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
