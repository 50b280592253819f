namespace Outbox.AppHost.Tests.Pipeline;

// The services' public contract as a client sees it; deliberately not shared with the services' own types.
internal sealed record UserDto(Guid Id, string Email, string Name, DateTimeOffset RegisteredAt);

internal sealed record NotificationDto(
    Guid Id, Guid UserId, string Email, string Kind, Guid MessageId, string TraceId, DateTimeOffset CreatedAt);

internal sealed record ProblemDto(string? Title, int? Status, string? Detail, Dictionary<string, string[]>? Errors);
