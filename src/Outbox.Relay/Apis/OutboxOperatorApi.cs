using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Outbox.Relay.Operations;

namespace Outbox.Relay.Apis;

/// <summary>
/// The operator API: inspect the outbox, replay and purge dead messages, pause and resume the relay. Every endpoint
/// requires the operator API key (reads included: dead messages carry payloads with personal data).
/// </summary>
internal static class OutboxOperatorApi
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapOutboxOperatorApi(this IEndpointRouteBuilder app)
    {
        var outbox = app.MapOperatorGroup("/outbox", "Outbox operations");
        outbox.MapGet("/summary", GetSummaryAsync)
            .WithSummary("Counts by state, the oldest pending message's age, whether the relay is paused, and the newest dead messages with their last error.");
        outbox.MapGet("/dead", ListDeadAsync)
            .WithSummary("Dead messages, newest first, optionally of one event type.");
        outbox.MapGet("/dead/{id:guid}", GetDeadAsync)
            .WithSummary("One dead message with its payload.");
        outbox.MapPost("/dead/{id:guid}/replay", ReplayOneAsync)
            .WithSummary("Returns one dead message to pending with its attempts reset; the relay publishes it again under the same id.");
        outbox.MapPost("/dead/replay", ReplayAllAsync)
            .WithSummary("Returns every dead message, or every dead message of one type, to pending.");
        outbox.MapDelete("/dead", PurgeDeadAsync)
            .WithSummary("Deletes dead messages that died longer ago than olderThan (a TimeSpan, e.g. 7.00:00:00 or 01:00:00).");
        outbox.MapGet("/relay", GetRelayAsync)
            .WithSummary("Whether the relay is paused.");
        outbox.MapPost("/relay/pause", PauseAsync)
            .WithSummary("Pauses every relay replica: nothing more is claimed; registrations keep filling the outbox.");
        outbox.MapPost("/relay/resume", ResumeAsync)
            .WithSummary("Resumes every relay replica; the backlog drains.");
        return app;
    }

    public static async Task<Ok<OutboxSummary>> GetSummaryAsync(OutboxOperations operations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await operations.SummarizeAsync(cancellationToken));

    public static async Task<Results<Ok<DeadMessagePage>, ValidationProblem>> ListDeadAsync(
        OutboxOperations operations,
        CancellationToken cancellationToken,
        string? type = null,
        int page = 1,
        int pageSize = 50)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors[nameof(page)] = ["page must be 1 or more."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors[nameof(pageSize)] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }

        if (type is { Length: 0 or > 200 })
        {
            errors[nameof(type)] = ["type must be 1 to 200 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await operations.ListDeadAsync(type, page, pageSize, cancellationToken));
    }

    public static async Task<Results<Ok<DeadMessage>, ProblemHttpResult>> GetDeadAsync(
        Guid id, OutboxOperations operations, CancellationToken cancellationToken) =>
        await operations.GetDeadAsync(id, cancellationToken) is { } message
            ? TypedResults.Ok(message)
            : NoDeadMessage(id);

    public static async Task<Results<Ok<ReplayResult>, ProblemHttpResult>> ReplayOneAsync(
        Guid id, OutboxOperations operations, CancellationToken cancellationToken) =>
        await operations.ReplayAsync(id, cancellationToken)
            ? TypedResults.Ok(new ReplayResult(1))
            : NoDeadMessage(id);

    public static async Task<Results<Ok<ReplayResult>, ValidationProblem>> ReplayAllAsync(
        OutboxOperations operations, CancellationToken cancellationToken, string? type = null)
    {
        if (type is { Length: 0 or > 200 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [nameof(type)] = ["type must be 1 to 200 characters; leave it out to replay every dead message."],
            });
        }

        return TypedResults.Ok(new ReplayResult(await operations.ReplayAllAsync(type, cancellationToken)));
    }

    public static async Task<Results<Ok<PurgeResult>, ValidationProblem>> PurgeDeadAsync(
        OutboxOperations operations, CancellationToken cancellationToken, string? olderThan = null)
    {
        // Parsed here rather than bound as a TimeSpan, so a typo gets a message instead of the framework's bare 400.
        if (!TimeSpan.TryParse(olderThan, CultureInfo.InvariantCulture, out var age) || age < TimeSpan.Zero)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [nameof(olderThan)] = ["olderThan is required: a non-negative TimeSpan such as 7.00:00:00 (7 days) or 01:30:00."],
            });
        }

        return TypedResults.Ok(await operations.PurgeDeadAsync(age, cancellationToken));
    }

    public static async Task<Ok<RelayState>> GetRelayAsync(OutboxOperations operations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await operations.GetRelayStateAsync(cancellationToken));

    public static async Task<Ok<RelayState>> PauseAsync(OutboxOperations operations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await operations.SetPausedAsync(paused: true, cancellationToken));

    public static async Task<Ok<RelayState>> ResumeAsync(OutboxOperations operations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await operations.SetPausedAsync(paused: false, cancellationToken));

    private static ProblemHttpResult NoDeadMessage(Guid id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Dead message not found",
            detail: $"There is no dead outbox message with id {id}.");
}
