using Outbox.Core.Persistence;

namespace Outbox.Relay.Relay;

/// <summary>
/// The row updates one batch ends with, derived from what happened to each claimed message: processed ids in one
/// array, failures in parallel arrays, so the database is told in one round trip however large the batch.
/// </summary>
internal sealed class OutboxBatchOutcome
{
    public List<Guid> ProcessedIds { get; } = [];

    public List<Guid> FailedIds { get; } = [];

    public List<string> FailedErrors { get; } = [];

    public List<DateTimeOffset> FailedNextAttempts { get; } = [];

    /// <summary>Messages left untouched because the broker could not be reached.</summary>
    public int Untouched { get; private set; }

    public string? BrokerError { get; private set; }

    public bool HasUpdates => ProcessedIds.Count > 0 || FailedIds.Count > 0;

    public static OutboxBatchOutcome From(
        IReadOnlyList<ClaimedMessage> messages,
        IReadOnlyList<PublishOutcome> outcomes,
        DateTimeOffset now,
        TimeSpan maxRetryDelay,
        Func<double> jitter)
    {
        var batch = new OutboxBatchOutcome();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var outcome = outcomes[i];
            switch (outcome.Kind)
            {
                case PublishOutcomeKind.Published:
                    batch.ProcessedIds.Add(message.Id);
                    break;
                case PublishOutcomeKind.Failed:
                    batch.FailedIds.Add(message.Id);
                    batch.FailedErrors.Add(Truncate(outcome.Error ?? "Unknown error."));
                    batch.FailedNextAttempts.Add(now + RetrySchedule.Delay(message.Attempts + 1, maxRetryDelay, jitter()));
                    break;
                case PublishOutcomeKind.BrokerUnavailable:
                    batch.Untouched++;
                    batch.BrokerError ??= outcome.Error;
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected outcome {outcome.Kind}.");
            }
        }

        return batch;
    }

    private static string Truncate(string error) =>
        error.Length <= OutboxTable.LastErrorMaxLength ? error : error[..OutboxTable.LastErrorMaxLength];
}
