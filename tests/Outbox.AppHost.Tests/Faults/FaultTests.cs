using System.Net;
using System.Net.Http.Json;
using System.Text;
using Outbox.AppHost.Tests.Infrastructure;
using Outbox.AppHost.Tests.Pipeline;
using RabbitMQ.Client;

namespace Outbox.AppHost.Tests.Faults;

/// <summary>
/// Faults injected into the running pipeline (broker, database and relay stopped and started through Aspire's resource
/// commands; duplicate and poison messages published straight to RabbitMQ), and what must survive them: nothing lost,
/// nothing processed twice, nothing half-written. These tests stop shared resources, so they run alone, after the rest.
/// </summary>
[Collection(nameof(FaultTests))]
[CollectionDefinition(nameof(FaultTests), DisableParallelization = true)]
public sealed class FaultTests(OutboxAppFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMinutes(2);

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registrations_made_while_the_broker_is_down_are_all_delivered_once_it_is_back()
    {
        await fixture.App.StopAsync(ResourceNames.RabbitMq, CancellationToken);
        Guid[] userIds;
        try
        {
            await fixture.App.WaitForUnhealthyAsync(ResourceNames.OutboxRelay, CancellationToken);
            userIds = await Task.WhenAll(Enumerable.Range(0, 200)
                .Select(i => fixture.RegisterAsync($"While broker down {i}", CancellationToken)));
            Assert.Equal((0, 0), await fixture.CountNotificationsAsync(userIds, CancellationToken));
        }
        finally
        {
            await fixture.App.StartAsync(ResourceNames.RabbitMq, CancellationToken);
        }

        await fixture.AssertEachNotifiedOnceAsync(userIds, DeliveryTimeout, CancellationToken);
    }

    [Fact]
    public async Task Relays_killed_mid_drain_lose_nothing_when_they_start_again()
    {
        var userIds = await fixture.SeedUserRegisteredAsync(2000, CancellationToken);
        await Eventually.MatchesAsync(
            ct => fixture.CountNotificationsAsync(userIds, ct),
            counts => counts.Users > 0,
            "the relay to start draining",
            cancellationToken: CancellationToken);

        // SIGKILL: no graceful shutdown, a batch's transaction dies with its connection.
        await fixture.App.KillAsync(ResourceNames.OutboxRelay, fixture.UsersDbConnectionString, CancellationToken);
        try
        {
            var (notifiedAtKill, _) = await fixture.CountNotificationsAsync(userIds, CancellationToken);
            output.WriteLine($"Both relay replicas killed with {notifiedAtKill} of {userIds.Length} users notified.");
        }
        finally
        {
            await fixture.App.StartAsync(ResourceNames.OutboxRelay, CancellationToken);
        }

        await fixture.AssertEachNotifiedOnceAsync(userIds, DeliveryTimeout, CancellationToken);
    }

    [Fact]
    public async Task Two_relay_replicas_drain_5000_messages_without_a_notification_doubled()
    {
        var userIds = await fixture.SeedUserRegisteredAsync(5000, CancellationToken);

        await fixture.AssertEachNotifiedOnceAsync(userIds, DeliveryTimeout, CancellationToken);
        var duplicates = await fixture.CountDuplicateDeliveriesAsync(userIds, CancellationToken);
        output.WriteLine($"5000 messages drained by two relay replicas; the consumer absorbed {duplicates} duplicate deliveries.");
    }

    [Fact]
    public async Task The_same_message_delivered_twice_makes_one_notification()
    {
        var messageId = Guid.NewGuid();
        var userId = Guid.NewGuid();
        var body = JsonBody(messageId, userId);

        await using var connection = await ConnectAsync();
        await PublishAsync(connection, messageId, body);
        await PublishAsync(connection, messageId, body);

        await Eventually.MatchesAsync(
            ct => fixture.CountDuplicateDeliveriesAsync([userId], ct),
            count => count > 0,
            $"the second delivery of {messageId} to be absorbed",
            cancellationToken: CancellationToken);
        Assert.Equal((1, 1), await fixture.CountNotificationsAsync([userId], CancellationToken));
    }

    [Fact]
    public async Task A_poison_message_is_dead_lettered_with_its_reason_and_the_queue_keeps_flowing()
    {
        var poisonId = Guid.NewGuid();
        var goodUser = Guid.NewGuid();
        await using var connection = await ConnectAsync();

        await PublishAsync(connection, poisonId, Encoding.UTF8.GetBytes("{ this is not json"));
        await PublishAsync(connection, Guid.NewGuid(), JsonBody(Guid.NewGuid(), goodUser));

        await fixture.AssertEachNotifiedOnceAsync([goodUser], DeliveryTimeout, CancellationToken);
        var reason = await Eventually.MatchesAsync(
            _ => TakeDeadLetterReasonAsync(connection, poisonId),
            found => found is not null,
            $"message {poisonId} in the dead-letter queue",
            cancellationToken: CancellationToken);
        Assert.Contains("not valid JSON", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_whose_handler_always_fails_goes_dead_after_its_attempts_and_others_keep_flowing()
    {
        var probeId = Guid.NewGuid();
        await using (var insert = fixture.UsersDb.CreateCommand("""
            INSERT INTO outbox_messages (id, type, payload, occurred_on_utc, attempts)
            VALUES ($1, 'diagnostics.failing-probe', jsonb_build_object('id', $1, 'occurredOn', now(), 'reason', 'fault test'), now(), 0)
            """))
        {
            insert.Parameters.Add(new() { Value = probeId });
            await insert.ExecuteNonQueryAsync(CancellationToken);
        }

        var userId = await fixture.RegisterAsync("Flows past the probe", CancellationToken);
        await fixture.AssertEachNotifiedOnceAsync([userId], DeliveryTimeout, CancellationToken);

        var (attempts, lastError) = await Eventually.MatchesAsync(
            ct => ReadDeadAsync(probeId, ct),
            dead => dead.Attempts > 0,
            $"outbox message {probeId} to go dead",
            cancellationToken: CancellationToken);
        Assert.Equal(FaultSettings.RelayMaxAttempts, attempts);
        Assert.Contains("Failing probe: fault test", lastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_database_down_registration_is_a_503_problem_and_nothing_is_half_written()
    {
        var email = RegistrationTests.UniqueEmail();
        await fixture.App.StopAsync(ResourceNames.Postgres, CancellationToken);
        try
        {
            await fixture.App.WaitForUnhealthyAsync(ResourceNames.OutboxRelay, CancellationToken);
            using var response = await fixture.UsersApi.PostAsJsonAsync("/users", new { email, name = "Ada" }, CancellationToken);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(CancellationToken), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.App.StartAsync(ResourceNames.Postgres, CancellationToken);

            // The restart killed the test's own pooled connections too.
            fixture.UsersDb.Clear();
            fixture.NotificationsDb.Clear();
        }

        // The failed request wrote nothing: the same email registers now, exactly once, and is delivered.
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.UsersApi, CancellationToken)
            .WaitAsync(DeliveryTimeout, CancellationToken);
        using var retry = await fixture.UsersApi.PostAsJsonAsync("/users", new { email, name = "Ada" }, CancellationToken);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var user = (await retry.Content.ReadFromJsonAsync<UserDto>(CancellationToken))!;
        Assert.Equal(1, await fixture.UsersDb.CountUsersAsync(email, CancellationToken));
        Assert.Equal(1, await fixture.UsersDb.CountOutboxMessagesAsync(email, CancellationToken));
        await fixture.AssertEachNotifiedOnceAsync([user.Id], DeliveryTimeout, CancellationToken);
    }

    private async Task<(int Attempts, string LastError)> ReadDeadAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var command = fixture.UsersDb.CreateCommand(
            "SELECT attempts, last_error FROM outbox_messages WHERE id = $1 AND dead_on_utc IS NOT NULL");
        command.Parameters.Add(new() { Value = messageId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetString(1)) : (0, "");
    }

    private async Task<IConnection> ConnectAsync() =>
        await new ConnectionFactory { Uri = new Uri(fixture.RabbitMqConnectionString) }.CreateConnectionAsync(CancellationToken);

    private static byte[] JsonBody(Guid messageId, Guid userId) => Encoding.UTF8.GetBytes(
        $$"""{"id":"{{messageId}}","occurredOn":"{{DateTimeOffset.UtcNow:O}}","userId":"{{userId}}","email":"direct-{{userId}}@example.com","name":"Direct"}""");

    /// <summary>Publishes as the relay does: persistent, typed, with the message id, confirmed.</summary>
    private static async Task PublishAsync(IConnection connection, Guid messageId, byte[] body)
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), CancellationToken);
        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            Type = Outbox.Contracts.IntegrationEvents.IntegrationEventTopology.RoutingKeys.UserRegistered,
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
        };
        await channel.BasicPublishAsync(
            Outbox.Contracts.IntegrationEvents.IntegrationEventTopology.Exchange,
            Outbox.Contracts.IntegrationEvents.IntegrationEventTopology.RoutingKeys.UserRegistered,
            mandatory: true, properties, body, CancellationToken);
    }

    /// <summary>Takes dead letters off the queue until it finds the message; returns its reason header, or null.</summary>
    private static async Task<string?> TakeDeadLetterReasonAsync(IConnection connection, Guid messageId)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: CancellationToken);
        while (await channel.BasicGetAsync("notifications.integration-events.dead-letter", autoAck: true, CancellationToken) is { } message)
        {
            if (message.BasicProperties.MessageId == messageId.ToString()
                && message.BasicProperties.Headers?.TryGetValue("x-dead-letter-reason", out var reason) == true)
            {
                return Encoding.UTF8.GetString((byte[])reason!);
            }
        }

        return null;
    }
}
