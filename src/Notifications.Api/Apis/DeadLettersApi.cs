using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Api.Consumers;

namespace Notifications.Api.Apis;

/// <summary>
/// The operator API for the consumer side: what sits in the dead-letter queue, and moving it back to the main queue.
/// Every endpoint requires the operator API key.
/// </summary>
internal static class DeadLettersApi
{
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        var deadLetters = app.MapOperatorGroup("/dead-letters", "Dead letters");
        deadLetters.MapGet("", PeekAsync)
            .WithSummary("The dead-letter queue's depth and up to limit messages from its head, left in place.");
        deadLetters.MapPost("/requeue", RequeueAsync)
            .WithSummary("Moves every message now in the dead-letter queue back to the main queue, with its attempt count reset.");
        return app;
    }

    public static async Task<Results<Ok<DeadLetterList>, ValidationProblem>> PeekAsync(
        DeadLetterQueueOperations operations, CancellationToken cancellationToken, int limit = 20)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [nameof(limit)] = [$"limit must be between 1 and {MaxLimit}."],
            });
        }

        return TypedResults.Ok(await operations.PeekAsync(limit, cancellationToken));
    }

    public static async Task<Ok<RequeueResult>> RequeueAsync(DeadLetterQueueOperations operations, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RequeueResult(await operations.RequeueAllAsync(cancellationToken)));
}
