using Outbox.Core.Persistence;

namespace Outbox.Relay.Relay;

/// <summary>
/// The row updates one batch ends with, derived from what happened to each claimed message: processed ids in one
/// array, failures in another, so the database is told in one round trip however large the batch.
/// </summary>
internal sealed class OutboxBatchOutcome
{
    /// <summary>A failed attempt: retried at <see cref="NextAttemptOnUtc"/>, or dead when that is null.</summary>
    public readonly record struct Failure(Guid Id, string Error, DateTimeOffset? NextAttemptOnUtc)
    {
        public bool IsDead => NextAttemptOnUtc is null;
    }

    public List<Guid> ProcessedIds { get; } = [];

    public List<Failure> Failures { get; } = [];

    /// <summary>Messages left untouched because the broker could not be reached.</summary>
    public int Untouched { get; private set; }

    public string? BrokerError { get; private set; }

    public bool HasUpdates => ProcessedIds.Count > 0 || Failures.Count > 0;

    public int Dead => Failures.Count(failure => failure.IsDead);

    public static OutboxBatchOutcome From(
        IReadOnlyList<ClaimedMessage> messages,
        IReadOnlyList<PublishOutcome> outcomes,
        DateTimeOffset now,
        OutboxRelayOptions options,
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
                    var attempts = message.Attempts + 1;
                    DateTimeOffset? nextAttempt = attempts >= options.MaxAttempts
                        ? null
                        : now + RetrySchedule.Delay(attempts, options.RetryBaseDelay, options.MaxRetryDelay, jitter());
                    batch.Failures.Add(new Failure(message.Id, Truncate(outcome.Error), nextAttempt));
                    break;
                case PublishOutcomeKind.Poison:
                    batch.Failures.Add(new Failure(message.Id, Truncate(outcome.Error), NextAttemptOnUtc: null));
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

    private static string Truncate(string? error)
    {
        error ??= "Unknown error.";
        return error.Length <= OutboxTable.LastErrorMaxLength ? error : error[..OutboxTable.LastErrorMaxLength];
    }
}
