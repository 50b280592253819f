using Microsoft.Extensions.Time.Testing;
using Users.Domain;

namespace Outbox.UnitTests.Domain;

public sealed class UserTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Register_raises_one_UserRegistered_event_describing_the_user()
    {
        var user = User.Register(" Ada@Example.com ", " Ada ", _time);

        var raised = Assert.IsType<UserRegistered>(Assert.Single(user.DomainEvents));
        Assert.Equal(user.Id, raised.UserId);
        Assert.Equal("Ada@Example.com", raised.Email);
        Assert.Equal("Ada", raised.Name);
        Assert.Equal(_time.GetUtcNow(), raised.OccurredOn);
        Assert.NotEqual(user.Id, raised.Id);
    }

    [Fact]
    public void Register_keeps_the_typed_address_and_a_normalized_one_for_uniqueness()
    {
        var user = User.Register("Ada@Example.com", "Ada", _time);

        Assert.Equal("Ada@Example.com", user.Email);
        Assert.Equal("ada@example.com", user.NormalizedEmail);
        Assert.Equal(_time.GetUtcNow(), user.RegisteredAt);
    }

    [Fact]
    public void Register_stamps_whole_microseconds_as_the_database_keeps_them()
    {
        _time.Advance(TimeSpan.FromTicks(1234567));

        var user = User.Register("ada@example.com", "Ada", _time);

        Assert.Equal(0, user.RegisteredAt.Ticks % 10);
        Assert.Equal(_time.GetUtcNow().AddTicks(-7), user.RegisteredAt);
    }

    [Fact]
    public void Register_refuses_input_the_rules_reject()
    {
        Assert.Throws<ArgumentException>(() => User.Register("not-an-email", "Ada", _time));
    }

    [Fact]
    public void ClearDomainEvents_empties_the_list()
    {
        var user = User.Register("ada@example.com", "Ada", _time);

        user.ClearDomainEvents();

        Assert.Empty(user.DomainEvents);
    }
}
