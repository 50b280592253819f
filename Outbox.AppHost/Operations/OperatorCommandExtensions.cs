using System.Net.Http.Json;
using System.Text.Json;
using Outbox.Contracts;

namespace Outbox.AppHost.Operations;

/// <summary>
/// The operator API key and the dashboard commands that call the services' operator APIs with it. Each command is a
/// plain HTTP request to the resource's own endpoint, so the dashboard does exactly what the documented API does.
/// </summary>
internal static class OperatorCommandExtensions
{
    /// <summary>A generated secret, kept in the AppHost's user secrets so it survives restarts; never in source.</summary>
    public static IResourceBuilder<ParameterResource> AddOperatorApiKey(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter(
            OperatorAccess.ApiKeyParameter,
            new GenerateParameterDefault { MinLength = 32, Special = false },
            secret: true,
            persist: true);

    public static IResourceBuilder<ProjectResource> WithOperatorApiKey(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> apiKey) =>
        builder.WithEnvironment("OperatorApi__ApiKey", apiKey);

    /// <summary>Replay dead messages, Pause relay, Resume relay.</summary>
    public static IResourceBuilder<ProjectResource> WithOutboxOperatorCommands(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> apiKey) =>
        builder
            .WithOperatorCommand(
                "/outbox/dead/replay", "Replay dead messages", OperatorAccess.Commands.ReplayDeadMessages, apiKey,
                "Return every dead outbox message to pending, with its attempts reset? The relay publishes them again.",
                "ArrowReplay",
                body => $"Replayed {body.GetProperty("replayed").GetInt32()} dead messages.")
            .WithOperatorCommand(
                "/outbox/relay/pause", "Pause relay", OperatorAccess.Commands.PauseRelay, apiKey,
                "Pause every relay replica? Nothing is published until you resume; registrations keep queueing up.",
                "Pause",
                _ => "Relay paused: no replica claims anything until it is resumed.")
            .WithOperatorCommand(
                "/outbox/relay/resume", "Resume relay", OperatorAccess.Commands.ResumeRelay, apiKey,
                confirmation: null,
                "Play",
                _ => "Relay resumed: the backlog drains.");

    /// <summary>Requeue dead letters.</summary>
    public static IResourceBuilder<ProjectResource> WithDeadLetterCommands(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> apiKey) =>
        builder.WithOperatorCommand(
            "/dead-letters/requeue", "Requeue dead letters", OperatorAccess.Commands.RequeueDeadLetters, apiKey,
            "Move every message in the dead-letter queue back to the main queue, with its attempt count reset?",
            "ArrowReply",
            body => $"Requeued {body.GetProperty("requeued").GetInt32()} dead letters.");

    private static IResourceBuilder<ProjectResource> WithOperatorCommand(
        this IResourceBuilder<ProjectResource> builder,
        string path,
        string displayName,
        string commandName,
        IResourceBuilder<ParameterResource> apiKey,
        string? confirmation,
        string iconName,
        Func<JsonElement, string> describeSuccess) =>
        builder.WithHttpCommand(path, displayName, commandName: commandName, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            ConfirmationMessage = confirmation,
            IconName = iconName,
            PrepareRequest = async context =>
            {
                var key = await apiKey.Resource.GetValueAsync(context.CancellationToken);
                context.Request.Headers.Add(OperatorAccess.ApiKeyHeader, key);
            },
            GetCommandResult = async context => await DescribeAsync(context, describeSuccess),
        });

    /// <summary>The dashboard shows what happened: the count on success, the problem's title and detail on failure.</summary>
    private static async Task<ExecuteCommandResult> DescribeAsync(HttpCommandResultContext context, Func<JsonElement, string> describeSuccess)
    {
        var response = context.Response;
        try
        {
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(context.CancellationToken);
                return CommandResults.Success(describeSuccess(body));
            }

            var problem = await response.Content.ReadAsStringAsync(context.CancellationToken);
            var detail = TryReadProblem(problem);
            return CommandResults.Failure($"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}");
        }
        catch (Exception exception) when (exception is JsonException or HttpRequestException or KeyNotFoundException or InvalidOperationException)
        {
            return CommandResults.Failure($"{(int)response.StatusCode}: unexpected answer ({exception.Message})");
        }
    }

    private static string TryReadProblem(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return string.Join(" — ", new[] { title, detail }.Where(s => !string.IsNullOrEmpty(s)));
        }
        catch (JsonException)
        {
            return text.Length <= 200 ? text : text[..200];
        }
    }
}
