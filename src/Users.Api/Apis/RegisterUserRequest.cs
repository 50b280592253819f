namespace Users.Api.Apis;

/// <summary>The body of POST /users.</summary>
public sealed record RegisterUserRequest(string? Email, string? Name);
