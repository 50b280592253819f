using Outbox.Relay.Relay;

namespace Outbox.UnitTests.Relay;

public sealed class RetryScheduleTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(1000, 30)]
    public void Doubles_from_one_second_up_to_the_cap(int failures, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetrySchedule.Delay(failures, TimeSpan.FromSeconds(1), Cap, jitter: 0));
    }

    [Fact]
    public void Scales_with_the_base_delay()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(400), RetrySchedule.Delay(3, TimeSpan.FromMilliseconds(100), Cap, jitter: 0));
    }

    [Fact]
    public void Jitter_stretches_a_delay_by_at_most_a_fifth()
    {
        Assert.Equal(TimeSpan.FromSeconds(4.8), RetrySchedule.Delay(3, TimeSpan.FromSeconds(1), Cap, jitter: 1));
        Assert.True(RetrySchedule.Delay(3, TimeSpan.FromSeconds(1), Cap, jitter: 0.999) < TimeSpan.FromSeconds(4.8));
    }
}
