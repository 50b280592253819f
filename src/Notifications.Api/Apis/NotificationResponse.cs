namespace Notifications.Api.Apis;

/// <summary>A notification as the API returns it.</summary>
public sealed record NotificationResponse(
    Guid Id,
    Guid UserId,
    string Email,
    string Kind,
    Guid MessageId,
    string TraceId,
    DateTimeOffset CreatedAt);
