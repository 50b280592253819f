using Npgsql;

namespace Outbox.Benchmarks.Measurement;

/// <summary>
/// Where end-to-end time goes: for the given users, the outbox rows' time from commit-side creation (occurred) to the
/// relay marking them processed (after the broker's confirm), from the users database.
/// </summary>
internal static class RelayLag
{
    public static async Task<LatencySummary> MeasureAsync(NpgsqlDataSource usersDb, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        await using var command = usersDb.CreateCommand("""
            SELECT extract(epoch FROM (o.processed_on_utc - o.occurred_on_utc)) * 1000
            FROM outbox_messages AS o
            WHERE o.processed_on_utc IS NOT NULL AND (o.payload->>'userId')::uuid = ANY($1)
            """);
        command.CommandTimeout = 120;
        command.Parameters.Add(new() { Value = userIds.ToArray() });
        var lags = new List<double>(userIds.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lags.Add(Convert.ToDouble(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return LatencySummary.From(lags);
    }
}
