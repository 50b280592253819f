using System.Diagnostics;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Outbox.Core.Diagnostics;
using Outbox.Core.Domain;
using Outbox.Relay.Messaging;
using C = Outbox.Core.Persistence.OutboxRelayControlTable;
using T = Outbox.Core.Persistence.OutboxTable;

namespace Outbox.Relay.Relay;

/// <summary>
/// One relay batch, in one database transaction: claim pending rows with FOR UPDATE SKIP LOCKED (so concurrent relays
/// never take the same row), publish each domain event in-process through the mediator, then mark the published rows
/// processed and record the failures, in one round trip, before committing. A crash before the commit rolls the
/// transaction back and the rows become claimable again: a message may be published twice, never lost.
/// The pause switch is read by the claim statement itself, so no row committed after a pause is ever claimed; a batch
/// claimed just before the pause still finishes.
/// </summary>
internal sealed partial class OutboxBatchProcessor(
    NpgsqlDataSource dataSource,
    DomainEventSerializer serializer,
    IPublisher mediator,
    TimeProvider timeProvider,
    IOptions<OutboxRelayOptions> options,
    ILogger<OutboxBatchProcessor> logger)
{
    private const string ClaimSql = $"""
        SELECT {T.Id}, {T.Type}, {T.Payload}::text, {T.Attempts}, {T.TraceParent}, {T.TraceState}, {T.Baggage}
        FROM {T.Name}
        WHERE {T.ProcessedOnUtc} IS NULL AND {T.DeadOnUtc} IS NULL
          AND ({T.NextAttemptOnUtc} IS NULL OR {T.NextAttemptOnUtc} <= $1)
          AND NOT EXISTS (SELECT 1 FROM {C.Name} WHERE {C.Paused})
        ORDER BY {T.OccurredOnUtc}
        LIMIT $2
        FOR UPDATE SKIP LOCKED
        """;

    private const string MarkProcessedSql = $"""
        UPDATE {T.Name} SET {T.ProcessedOnUtc} = $1 WHERE {T.Id} = ANY($2)
        """;

    private const string RecordFailuresSql = $"""
        UPDATE {T.Name} AS m
        SET {T.Attempts} = m.{T.Attempts} + 1, {T.LastError} = f.error, {T.NextAttemptOnUtc} = f.next_attempt,
            {T.DeadOnUtc} = CASE WHEN f.next_attempt IS NULL THEN $4 END
        FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS f(id, error, next_attempt)
        WHERE m.{T.Id} = f.id
        """;

    private readonly OutboxRelayOptions _options = options.Value;

    public async Task<OutboxBatchResult> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var messages = await ClaimAsync(connection, transaction, cancellationToken);
        if (messages.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return OutboxBatchResult.Empty;
        }

        PublishOutcome[] outcomes;
        using (var publishTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            publishTimeout.CancelAfter(_options.PublishTimeout);
            outcomes = await Task.WhenAll(messages.Select(message => PublishAsync(message, publishTimeout.Token)));
        }

        var now = timeProvider.GetUtcNow();
        var batch = OutboxBatchOutcome.From(messages, outcomes, now, _options, Random.Shared.NextDouble);
        foreach (var failure in batch.Failures.Where(failure => failure.IsDead))
        {
            LogDead(logger, failure.Id, failure.Error);
        }

        // What the broker confirmed must be recorded even when shutdown has begun, or it would be published again.
        if (batch.HasUpdates)
        {
            await RecordAsync(connection, transaction, batch, now, CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return new OutboxBatchResult(
            messages.Count, batch.ProcessedIds.Count, batch.Failures.Count - batch.Dead, batch.Dead, batch.BrokerError);
    }

    private async Task<List<ClaimedMessage>> ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ClaimSql, connection, transaction)
        {
            Parameters =
            {
                new() { Value = timeProvider.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = _options.BatchSize },
            },
        };

        var messages = new List<ClaimedMessage>(_options.BatchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var trace = reader.IsDBNull(4)
                ? null
                : new TraceContext(reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
            messages.Add(new ClaimedMessage(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), trace));
        }

        return messages;
    }

    private async Task<PublishOutcome> PublishAsync(ClaimedMessage message, CancellationToken cancellationToken)
    {
        // Continue the trace of the request that wrote the row, so the publish (and all that follows) joins it.
        using var activity = StartRelayActivity(message);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["MessageId"] = message.Id, ["EventType"] = message.Type });

        var outcome = await PublishInScopeAsync(message, cancellationToken);
        if (outcome.Kind != PublishOutcomeKind.Published)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }

        return outcome;
    }

    private async Task<PublishOutcome> PublishInScopeAsync(ClaimedMessage message, CancellationToken cancellationToken)
    {
        IDomainEvent domainEvent;
        try
        {
            domainEvent = serializer.Deserialize(message.Type, message.Payload);
        }
        catch (Exception exception) when (exception is UnknownDomainEventTypeException or JsonException or NotSupportedException)
        {
            LogUnreadableMessage(logger, message.Id, message.Type, exception.Message);
            return PublishOutcome.Poison(exception.Message);
        }

        try
        {
            await mediator.Publish(domainEvent, cancellationToken);
            return PublishOutcome.Published;
        }
        catch (BrokerUnavailableException exception)
        {
            return PublishOutcome.BrokerUnavailable(exception.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return PublishOutcome.BrokerUnavailable("The broker did not confirm the publish in time, or the relay is stopping.");
        }
        catch (Exception exception)
        {
            LogHandlerFailed(logger, message.Id, message.Type, exception);
            return PublishOutcome.Failed($"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private static Activity? StartRelayActivity(ClaimedMessage message)
    {
        KeyValuePair<string, object?>[] tags =
        [
            new("outbox.message.id", message.Id.ToString()),
            new("outbox.message.type", message.Type),
            new("outbox.message.attempt", message.Attempts + 1),
        ];
        var name = $"outbox relay {message.Type}";
        return message.Trace is { } trace
            ? trace.StartActivity(RelayTelemetry.ActivitySource, name, ActivityKind.Internal, tags)
            : RelayTelemetry.ActivitySource.StartActivity(name, ActivityKind.Internal, parentContext: default, tags);
    }

    private static async Task RecordAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        OutboxBatchOutcome batch,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var commands = new NpgsqlBatch(connection, transaction);
        if (batch.ProcessedIds.Count > 0)
        {
            commands.BatchCommands.Add(new NpgsqlBatchCommand(MarkProcessedSql)
            {
                Parameters =
                {
                    new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                    new() { Value = batch.ProcessedIds.ToArray() },
                },
            });
        }

        if (batch.Failures.Count > 0)
        {
            commands.BatchCommands.Add(new NpgsqlBatchCommand(RecordFailuresSql)
            {
                Parameters =
                {
                    new() { Value = batch.Failures.Select(failure => failure.Id).ToArray() },
                    new() { Value = batch.Failures.Select(failure => failure.Error).ToArray() },
                    new()
                    {
                        Value = batch.Failures.Select(failure => failure.NextAttemptOnUtc).ToArray(),
                        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                    },
                    new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                },
            });
        }

        await commands.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} of type {EventType} cannot be read: {Reason}")]
    private static partial void LogUnreadableMessage(ILogger logger, Guid messageId, string eventType, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} is dead and set aside: {Reason}")]
    private static partial void LogDead(ILogger logger, Guid messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling outbox message {MessageId} of type {EventType} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Guid messageId, string eventType, Exception exception);
}
