using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Outbox.AppHost.Tests.Infrastructure;
using Outbox.AppHost.Tests.Pipeline;
using RabbitMQ.Client;

namespace Outbox.AppHost.Tests.Operations;

/// <summary>
/// Operator actions that reach beyond the test's own messages: pausing every relay replica, purging and replaying all
/// dead messages, requeueing the whole dead-letter queue. They run alone, after the parallel tests, and always leave
/// the relay running.
/// </summary>
[Collection(nameof(OperatorMaintenanceTests))]
[CollectionDefinition(nameof(OperatorMaintenanceTests), DisableParallelization = true)]
public sealed class OperatorMaintenanceTests(OutboxAppFixture fixture, ITestOutputHelper output)
{
    private const string DeadLetterExchange = "notifications.dead-letter";
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMinutes(2);

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task While_paused_registrations_are_accepted_and_the_backlog_grows_and_resuming_drains_it()
    {
        using var relay = await fixture.OperatorClientAsync(ResourceNames.OutboxRelay, CancellationToken);
        Guid[] userIds;
        try
        {
            using (var pause = await relay.PostAsync("/outbox/relay/pause", null, CancellationToken))
            {
                Assert.True((await pause.ReadAsync<RelayStateDto>(CancellationToken)).Paused);
            }

            userIds = await Task.WhenAll(Enumerable.Range(0, 20)
                .Select(i => fixture.RegisterAsync($"While paused {i}", CancellationToken)));

            // The claim reads the switch in the same statement, so nothing committed after the pause is claimed:
            // every one of these registrations is still waiting, however many polls the replicas have made since.
            var during = await relay.GetFromJsonAsync<OutboxSummaryDto>("/outbox/summary", CancellationToken);
            output.WriteLine($"Paused: {during!.Pending} pending, oldest {during.OldestPendingAge}");
            Assert.True(during.Paused);
            Assert.True(during.Pending >= userIds.Length);
            Assert.NotNull(during.OldestPendingAge);
            Assert.Equal(userIds.Length, await CountUnprocessedAsync(userIds));
            Assert.Equal((0, 0), await fixture.CountNotificationsAsync(userIds, CancellationToken));
        }
        finally
        {
            using var resume = await relay.PostAsync("/outbox/relay/resume", null, CancellationToken);
            Assert.False((await resume.ReadAsync<RelayStateDto>(CancellationToken)).Paused);
        }

        await fixture.AssertEachNotifiedOnceAsync(userIds, DeliveryTimeout, CancellationToken);
    }

    [Fact]
    public async Task Purge_deletes_only_dead_messages_older_than_the_age_and_says_how_many()
    {
        using var relay = await fixture.OperatorClientAsync(ResourceNames.OutboxRelay, CancellationToken);
        var (oldDead1, oldDead2, recentDead, oldProcessed, pendingLater) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var insert = fixture.UsersDb.CreateCommand("""
            INSERT INTO outbox_messages (id, type, payload, occurred_on_utc, attempts, last_error, dead_on_utc, processed_on_utc, next_attempt_on_utc)
            VALUES ($1, 'ops-test.purge', '{}', now() - interval '41 days', 1, 'old', now() - interval '40 days', NULL, NULL),
                   ($2, 'ops-test.purge', '{}', now() - interval '41 days', 1, 'old', now() - interval '31 days', NULL, NULL),
                   ($3, 'ops-test.purge', '{}', now() - interval '41 days', 1, 'recent', now() - interval '29 days', NULL, NULL),
                   ($4, 'ops-test.purge', '{}', now() - interval '41 days', 0, NULL, NULL, now() - interval '40 days', NULL),
                   ($5, 'ops-test.purge', '{}', now() - interval '41 days', 2, 'retrying', NULL, NULL, now() + interval '1 day')
            """))
        {
            foreach (var id in new[] { oldDead1, oldDead2, recentDead, oldProcessed, pendingLater })
            {
                insert.Parameters.Add(new() { Value = id });
            }

            await insert.ExecuteNonQueryAsync(CancellationToken);
        }

        try
        {
            using var purge = await relay.DeleteAsync("/outbox/dead?olderThan=30.00:00:00", CancellationToken);
            var result = await purge.ReadAsync<PurgeResultDto>(CancellationToken);
            output.WriteLine($"DELETE /outbox/dead?olderThan=30.00:00:00 → {await purge.Content.ReadAsStringAsync(CancellationToken)}");

            Assert.Equal(2, result.Purged);
            Assert.Equal(new[] { recentDead, oldProcessed, pendingLater }, await ExistingAsync([oldDead1, oldDead2, recentDead, oldProcessed, pendingLater]));
        }
        finally
        {
            await using var cleanup = fixture.UsersDb.CreateCommand("DELETE FROM outbox_messages WHERE type = 'ops-test.purge'");
            await cleanup.ExecuteNonQueryAsync(CancellationToken);
        }
    }

    [Fact]
    public async Task Pause_and_resume_dashboard_commands_flip_the_switch_the_endpoints_flip()
    {
        using var relay = await fixture.OperatorClientAsync(ResourceNames.OutboxRelay, CancellationToken);
        try
        {
            var paused = await ExecuteCommandAsync(ResourceNames.OutboxRelay, OperatorAccess.Commands.PauseRelay);
            output.WriteLine($"{OperatorAccess.Commands.PauseRelay}: {paused.Message}");
            Assert.True((await relay.GetFromJsonAsync<RelayStateDto>("/outbox/relay", CancellationToken))!.Paused);
        }
        finally
        {
            var resumed = await ExecuteCommandAsync(ResourceNames.OutboxRelay, OperatorAccess.Commands.ResumeRelay);
            output.WriteLine($"{OperatorAccess.Commands.ResumeRelay}: {resumed.Message}");
        }

        Assert.False((await relay.GetFromJsonAsync<RelayStateDto>("/outbox/relay", CancellationToken))!.Paused);
    }

    [Fact]
    public async Task The_replay_dashboard_command_replays_dead_messages_and_they_are_delivered_once()
    {
        using var relay = await fixture.OperatorClientAsync(ResourceNames.OutboxRelay, CancellationToken);
        var (messageId, userId) = await fixture.InsertUnknownTypeAsync($"ops-test.unknown-{Guid.NewGuid():N}", CancellationToken);
        await relay.WaitUntilDeadAsync(messageId, CancellationToken);
        await fixture.UsersDb.FixTypeAsync(messageId, CancellationToken);

        var result = await ExecuteCommandAsync(ResourceNames.OutboxRelay, OperatorAccess.Commands.ReplayDeadMessages);
        output.WriteLine($"{OperatorAccess.Commands.ReplayDeadMessages}: {result.Message}");

        await fixture.AssertEachNotifiedOnceAsync([userId], DeliveryTimeout, CancellationToken);
    }

    [Fact]
    public async Task Dead_letters_are_listed_in_place_and_requeueing_them_through_the_api_or_the_command_delivers_them_once()
    {
        using var notifications = await fixture.OperatorClientAsync(ResourceNames.Notifications, CancellationToken);
        await using var connection = await new ConnectionFactory { Uri = new Uri(fixture.RabbitMqConnectionString) }
            .CreateConnectionAsync(CancellationToken);

        // Two messages that failed before (say, while a dependency was down) and are fine now.
        var (apiMessage, apiUser) = (Guid.NewGuid(), Guid.NewGuid());
        var (commandMessage, commandUser) = (Guid.NewGuid(), Guid.NewGuid());
        await DeadLetterAsync(connection, apiMessage, apiUser);

        var listed = await Eventually.MatchesAsync(
            ct => notifications.GetFromJsonAsync<DeadLetterListDto>("/dead-letters?limit=100", ct)!,
            list => list!.Items.Any(item => item.MessageId == apiMessage.ToString()),
            $"message {apiMessage} in the dead-letter list",
            cancellationToken: CancellationToken);
        var item = listed!.Items.Single(i => i.MessageId == apiMessage.ToString());
        output.WriteLine($"GET /dead-letters → {System.Text.Json.JsonSerializer.Serialize(item)}");
        Assert.Equal("Failed 3 times; last error: database down", item.Reason);
        Assert.Equal(3, item.DeliveryAttempts);

        // Listing leaves the message in the queue.
        var again = await notifications.GetFromJsonAsync<DeadLetterListDto>("/dead-letters?limit=100", CancellationToken);
        Assert.Contains(again!.Items, i => i.MessageId == apiMessage.ToString());

        using (var requeue = await notifications.PostAsync("/dead-letters/requeue", null, CancellationToken))
        {
            Assert.True((await requeue.ReadAsync<RequeueResultDto>(CancellationToken)).Requeued >= 1);
        }

        await fixture.AssertEachNotifiedOnceAsync([apiUser], DeliveryTimeout, CancellationToken);

        await DeadLetterAsync(connection, commandMessage, commandUser);
        var result = await ExecuteCommandAsync(ResourceNames.Notifications, OperatorAccess.Commands.RequeueDeadLetters);
        output.WriteLine($"{OperatorAccess.Commands.RequeueDeadLetters}: {result.Message}");
        await fixture.AssertEachNotifiedOnceAsync([commandUser], DeliveryTimeout, CancellationToken);

        var after = await notifications.GetFromJsonAsync<DeadLetterListDto>("/dead-letters?limit=100", CancellationToken);
        Assert.DoesNotContain(after!.Items, i => i.MessageId == apiMessage.ToString() || i.MessageId == commandMessage.ToString());
    }

    /// <summary>
    /// Runs a dashboard command as the dashboard does. On outbox-relay it runs once per replica (the second finds the
    /// work done), and the combined result carries no message, so the tests check what the command did instead.
    /// </summary>
    private async Task<ExecuteCommandResult> ExecuteCommandAsync(string resourceName, string command)
    {
        var resource = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName);
        var result = await fixture.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(resource, command, CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), CancellationToken);
        Assert.True(result.Success, $"{command} on {resourceName} failed: {result.Message}");
        return result;
    }

    private async Task<long> CountUnprocessedAsync(Guid[] userIds)
    {
        await using var command = fixture.UsersDb.CreateCommand("""
            SELECT count(*) FROM outbox_messages
            WHERE (payload->>'userId')::uuid = ANY($1) AND processed_on_utc IS NULL AND dead_on_utc IS NULL
            """);
        command.Parameters.Add(new() { Value = userIds });
        return (long)(await command.ExecuteScalarAsync(CancellationToken))!;
    }

    private async Task<Guid[]> ExistingAsync(Guid[] ids)
    {
        await using var command = fixture.UsersDb.CreateCommand("SELECT id FROM outbox_messages WHERE id = ANY($1)");
        command.Parameters.Add(new() { Value = ids });
        var found = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        while (await reader.ReadAsync(CancellationToken))
        {
            found.Add(reader.GetGuid(0));
        }

        return [.. ids.Where(found.Contains)];
    }

    /// <summary>Puts a valid message in the dead-letter queue as the consumer would after its last failed attempt.</summary>
    private static async Task DeadLetterAsync(IConnection connection, Guid messageId, Guid userId)
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), CancellationToken);
        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            Type = Outbox.Contracts.IntegrationEvents.IntegrationEventTopology.RoutingKeys.UserRegistered,
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>
            {
                ["x-delivery-attempts"] = 3,
                ["x-dead-letter-reason"] = Encoding.UTF8.GetBytes("Failed 3 times; last error: database down"),
                ["x-dead-lettered-at"] = Encoding.UTF8.GetBytes(DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            },
        };
        var body = Encoding.UTF8.GetBytes(
            $$"""{"id":"{{messageId}}","occurredOn":"{{DateTimeOffset.UtcNow:O}}","userId":"{{userId}}","email":"dead-letter-{{userId}}@example.com","name":"Requeued"}""");
        await channel.BasicPublishAsync(DeadLetterExchange, "", mandatory: true, properties, body, CancellationToken);
    }
}
