using System.Net;
using System.Net.Http.Json;
using Outbox.AppHost.Tests.Infrastructure;

namespace Outbox.AppHost.Tests.Pipeline;

/// <summary>The whole path: POST /users → outbox row → relay → RabbitMQ → Notifications.</summary>
public sealed class PipelineTests(OutboxAppFixture fixture)
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_registration_becomes_exactly_one_welcome_notification_carrying_the_outbox_message_id()
    {
        var email = RegistrationTests.UniqueEmail();
        using var response = await fixture.UsersApi.PostAsJsonAsync("/users", new { email, name = "Ada" }, CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = (await response.Content.ReadFromJsonAsync<UserDto>(CancellationToken))!;

        var notifications = await fixture.WaitForNotificationsAsync(user.Id, CancellationToken);

        var notification = Assert.Single(notifications);
        Assert.Equal("welcome", notification.Kind);
        Assert.Equal(email, notification.Email);
        Assert.Equal(await fixture.UsersDb.OutboxMessageIdForUserAsync(user.Id, CancellationToken), notification.MessageId);

        // The relay marks the row processed in the transaction that claimed it.
        await Eventually.MatchesAsync(
            ct => IsProcessedAsync(notification.MessageId, ct),
            processed => processed,
            $"outbox message {notification.MessageId} to be marked processed",
            cancellationToken: CancellationToken);
    }

    [Fact]
    public async Task A_request_with_a_traceparent_produces_a_notification_in_that_trace()
    {
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/users")
        {
            Content = JsonContent.Create(new { email = RegistrationTests.UniqueEmail(), name = "Traced" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await fixture.UsersApi.SendAsync(request, CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = (await response.Content.ReadFromJsonAsync<UserDto>(CancellationToken))!;

        var notifications = await fixture.WaitForNotificationsAsync(user.Id, CancellationToken);
        Assert.Equal(traceId, Assert.Single(notifications).TraceId);
    }

    [Fact]
    public async Task A_burst_of_registrations_is_delivered_once_each()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var response = await fixture.UsersApi.PostAsJsonAsync(
                "/users", new { email = RegistrationTests.UniqueEmail(), name = $"Burst {i}" }, CancellationToken);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<UserDto>(CancellationToken))!;
        }));

        foreach (var user in users)
        {
            var notifications = await fixture.WaitForNotificationsAsync(user.Id, CancellationToken);
            Assert.Single(notifications);
        }
    }

    [Fact]
    public async Task Every_resource_reaches_healthy()
    {
        foreach (var resource in new[]
                 {
                     ResourceNames.Postgres, ResourceNames.UsersDatabase, ResourceNames.NotificationsDatabase, ResourceNames.RabbitMq,
                     ResourceNames.UsersApi, ResourceNames.OutboxRelay, ResourceNames.Notifications,
                 })
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, CancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(30), CancellationToken);
        }

        await fixture.App.ResourceNotifications
            .WaitForResourceAsync(ResourceNames.DatabaseMigrations, KnownResourceStates.Finished, CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), CancellationToken);
    }

    private async Task<bool> IsProcessedAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var command = fixture.UsersDb.CreateCommand("SELECT processed_on_utc IS NOT NULL FROM outbox_messages WHERE id = $1");
        command.Parameters.Add(new() { Value = messageId });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
