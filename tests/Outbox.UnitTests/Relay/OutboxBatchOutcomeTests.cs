using Outbox.Core.Persistence;
using Outbox.Relay.Relay;

namespace Outbox.UnitTests.Relay;

public sealed class OutboxBatchOutcomeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly OutboxRelayOptions Options = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        MaxRetryDelay = TimeSpan.FromMinutes(5),
        MaxAttempts = 5,
    };

    [Fact]
    public void Sorts_each_message_by_what_happened_to_it()
    {
        var published = Message(attempts: 0);
        var failed = Message(attempts: 2);
        var poison = Message(attempts: 0);
        var untouched = Message(attempts: 0);

        var batch = OutboxBatchOutcome.From(
            [published, failed, poison, untouched],
            [
                PublishOutcome.Published, PublishOutcome.Failed("handler threw"), PublishOutcome.Poison("unknown type"),
                PublishOutcome.BrokerUnavailable("connection refused"),
            ],
            Now, Options, jitter: () => 0);

        Assert.Equal([published.Id], batch.ProcessedIds);
        Assert.Equal(
            [new(failed.Id, "handler threw", Now.AddSeconds(4)), new(poison.Id, "unknown type", null)],
            batch.Failures);
        Assert.Equal(1, batch.Dead);
        Assert.Equal(1, batch.Untouched);
        Assert.Equal("connection refused", batch.BrokerError);
        Assert.True(batch.HasUpdates);
    }

    [Fact]
    public void A_failed_message_waits_longer_the_more_attempts_it_has_had()
    {
        var options = new OutboxRelayOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(30), MaxAttempts = 100 };

        var batch = OutboxBatchOutcome.From(
            [Message(attempts: 0), Message(attempts: 3), Message(attempts: 50)],
            [PublishOutcome.Failed("x"), PublishOutcome.Failed("x"), PublishOutcome.Failed("x")],
            Now, options, jitter: () => 0);

        Assert.Equal(
            [Now.AddSeconds(1), Now.AddSeconds(8), Now.AddSeconds(30)],
            batch.Failures.Select(failure => failure.NextAttemptOnUtc));
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(9, true)]
    public void The_last_allowed_attempt_makes_a_message_dead(int attemptsSoFar, bool dead)
    {
        var batch = OutboxBatchOutcome.From(
            [Message(attemptsSoFar)], [PublishOutcome.Failed("still failing")], Now, Options, jitter: () => 0);

        Assert.Equal(dead, Assert.Single(batch.Failures).IsDead);
    }

    [Fact]
    public void Long_errors_are_cut_to_what_the_column_holds()
    {
        var batch = OutboxBatchOutcome.From(
            [Message(attempts: 0)], [PublishOutcome.Failed(new string('e', 10_000))], Now, Options, jitter: () => 0);

        Assert.Equal(OutboxTable.LastErrorMaxLength, Assert.Single(batch.Failures).Error.Length);
    }

    [Fact]
    public void A_batch_the_broker_never_saw_has_nothing_to_update()
    {
        var batch = OutboxBatchOutcome.From(
            [Message(attempts: 0), Message(attempts: 0)],
            [PublishOutcome.BrokerUnavailable("down"), PublishOutcome.BrokerUnavailable("down")],
            Now, Options, jitter: () => 0);

        Assert.False(batch.HasUpdates);
        Assert.Equal(2, batch.Untouched);
    }

    private static ClaimedMessage Message(int attempts) => new(Guid.NewGuid(), "users.user-registered", "{}", attempts);
}
