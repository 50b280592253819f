using Users.Domain;

namespace Users.Api.Apis;

/// <summary>A user as the API returns it.</summary>
public sealed record UserResponse(Guid Id, string Email, string Name, DateTimeOffset RegisteredAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Email, user.Name, user.RegisteredAt);
}
