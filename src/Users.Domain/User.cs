using Outbox.Core.Domain;

namespace Users.Domain;

/// <summary>A registered user.</summary>
public sealed class User : AggregateRoot
{
    // For EF Core.
    private User()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The address as the user typed it (trimmed).</summary>
    public string Email { get; private set; } = "";

    /// <summary>The address folded for comparison: the unique index is on this, so two spellings of one address collide.</summary>
    public string NormalizedEmail { get; private set; } = "";

    public string Name { get; private set; } = "";

    public DateTimeOffset RegisteredAt { get; private set; }

    /// <summary>Registers a user from input that <see cref="UserRegistrationRules.Validate"/> accepted.</summary>
    public static User Register(string email, string name, TimeProvider timeProvider)
    {
        var errors = UserRegistrationRules.Validate(email, name);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.SelectMany(error => error.Value)));
        }

        // Whole microseconds, as PostgreSQL stores them, so the user returned now equals the user read back later.
        var now = timeProvider.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        var user = new User
        {
            Id = Guid.CreateVersion7(now),
            Email = email.Trim(),
            NormalizedEmail = UserRegistrationRules.NormalizeEmail(email),
            Name = name.Trim(),
            RegisteredAt = now,
        };
        user.Raise(new UserRegistered(Guid.CreateVersion7(now), now, user.Id, user.Email, user.Name));
        return user;
    }
}
