using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Notifications.Data;

namespace Notifications.Api.Apis;

/// <summary>The Notifications HTTP API.</summary>
internal static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/notifications", ListNotificationsAsync);
        return app;
    }

    /// <summary>The notifications recorded for one user, oldest first.</summary>
    public static async Task<Ok<List<NotificationResponse>>> ListNotificationsAsync(
        Guid userId,
        NotificationsDbContext db,
        CancellationToken cancellationToken)
    {
        var notifications = await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId)
            .OrderBy(n => n.CreatedAt)
            .Select(n => new NotificationResponse(n.Id, n.UserId, n.Email, n.Kind, n.MessageId, n.TraceId, n.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(notifications);
    }
}
