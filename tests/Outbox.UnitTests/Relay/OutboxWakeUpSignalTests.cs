using Microsoft.Extensions.Time.Testing;
using Outbox.Relay.Relay;

namespace Outbox.UnitTests.Relay;

public sealed class OutboxWakeUpSignalTests
{
    [Fact]
    public async Task A_signal_sent_while_the_loop_was_busy_ends_the_next_wait_at_once()
    {
        var signal = new OutboxWakeUpSignal(new FakeTimeProvider());
        signal.Signal();

        Assert.True(await signal.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Signals_coalesce_into_one_wake_up()
    {
        var time = new FakeTimeProvider();
        var signal = new OutboxWakeUpSignal(time);
        signal.Signal();
        signal.Signal();
        signal.Signal();

        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
        var second = signal.WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await second);
    }

    [Fact]
    public async Task A_signal_ends_a_wait_in_progress()
    {
        var signal = new OutboxWakeUpSignal(new FakeTimeProvider());
        var wait = signal.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.False(wait.IsCompleted);

        signal.Signal();

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Without_a_signal_the_wait_ends_after_the_poll_interval()
    {
        var time = new FakeTimeProvider();
        var signal = new OutboxWakeUpSignal(time);
        var wait = signal.WaitAsync(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);

        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }
}
