using System.Net;
using System.Net.Http.Json;
using Outbox.AppHost.Tests.Infrastructure;
using Outbox.AppHost.Tests.Pipeline;

namespace Outbox.AppHost.Tests.Operations;

/// <summary>
/// The operator APIs against the running pipeline, touching only messages the tests themselves made dead, so they run
/// alongside the other distributed tests.
/// </summary>
public sealed class OperatorApiTests(OutboxAppFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMinutes(1);

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ResourceNames.OutboxRelay, "GET", "/outbox/summary")]
    [InlineData(ResourceNames.OutboxRelay, "GET", "/outbox/dead")]
    [InlineData(ResourceNames.OutboxRelay, "POST", "/outbox/relay/pause")]
    [InlineData(ResourceNames.OutboxRelay, "POST", "/outbox/dead/replay")]
    [InlineData(ResourceNames.OutboxRelay, "DELETE", "/outbox/dead?olderThan=00:00:00")]
    [InlineData(ResourceNames.Notifications, "GET", "/dead-letters")]
    [InlineData(ResourceNames.Notifications, "POST", "/dead-letters/requeue")]
    public async Task Operator_endpoints_without_the_key_or_with_a_wrong_one_answer_401_problem_and_do_nothing(
        string resource, string method, string path)
    {
        using var client = await fixture.OperatorClientAsync(resource, CancellationToken, withKey: false);
        foreach (var key in new[] { null, "wrong-key" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (key is not null)
            {
                request.Headers.Add(OperatorAccess.ApiKeyHeader, key);
            }

            using var response = await client.SendAsync(request, CancellationToken);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(CancellationToken), StringComparison.Ordinal);
        }

        using var relay = await fixture.OperatorClientAsync(ResourceNames.OutboxRelay, CancellationToken);
        Assert.False((await relay.GetFromJsonAsync<RelayStateDto>("/outbox/relay", CancellationToken))!.Paused);
    }

    [Theory]
    [InlineData(ResourceNames.OutboxRelay, "GET", "/outbox/dead?pageSize=0", "pageSize")]
    [InlineData(ResourceNames.OutboxRelay, "GET", "/outbox/dead?page=0", "page")]
    [InlineData(ResourceNames.OutboxRelay, "DELETE", "/outbox/dead", "olderThan")]
    [InlineData(ResourceNames.OutboxRelay, "DELETE", "/outbox/dead?olderThan=soon", "olderThan")]
    [InlineData(ResourceNames.OutboxRelay, "DELETE", "/outbox/dead?olderThan=-1.00:00:00", "olderThan")]
    [InlineData(ResourceNames.Notifications, "GET", "/dead-letters?limit=1000", "limit")]
    public async Task Invalid_operator_requests_are_400_problems_naming_the_field(
        string resource, string method, string path, string field)
    {
        using var client = await fixture.OperatorClientAsync(resource, CancellationToken);
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(CancellationToken))!;
        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Fact]
    public async Task A_dead_message_is_listed_and_once_its_cause_is_removed_a_replay_delivers_it_exactly_once()
    {
        using var relay = await fixture.OperatorClientAsync(ResourceNames.OutboxRelay, CancellationToken);
        var type = $"ops-test.unknown-{Guid.NewGuid():N}";
        var (messageId, userId) = await fixture.InsertUnknownTypeAsync(type, CancellationToken);

        // Unknown type: dead at once, with the reason.
        var dead = await relay.WaitUntilDeadAsync(messageId, CancellationToken);
        output.WriteLine($"GET /outbox/dead/{messageId} → {System.Text.Json.JsonSerializer.Serialize(dead)}");
        Assert.Equal(type, dead.Type);
        Assert.Equal(1, dead.Attempts);
        Assert.Contains(type, dead.LastError, StringComparison.Ordinal);
        Assert.Equal(userId, dead.Payload.GetProperty("userId").GetGuid());

        var page = await relay.GetFromJsonAsync<DeadMessagePageDto>($"/outbox/dead?type={type}", CancellationToken);
        Assert.Equal(messageId, Assert.Single(page!.Items).Id);
        Assert.Equal(1, page.Total);
        var summary = await relay.GetFromJsonAsync<OutboxSummaryDto>("/outbox/summary", CancellationToken);
        output.WriteLine($"GET /outbox/summary → {System.Text.Json.JsonSerializer.Serialize(summary)}");
        Assert.True(summary!.Dead >= 1);

        await fixture.UsersDb.FixTypeAsync(messageId, CancellationToken);
        using (var replay = await relay.PostAsync($"/outbox/dead/{messageId}/replay", null, CancellationToken))
        {
            Assert.Equal(1, (await replay.ReadAsync<ReplayResultDto>(CancellationToken)).Replayed);
        }

        await fixture.AssertEachNotifiedOnceAsync([userId], DeliveryTimeout, CancellationToken);
        var notification = Assert.Single((await fixture.Notifications.GetFromJsonAsync<List<NotificationDto>>(
            $"/notifications?userId={userId}", CancellationToken))!);
        Assert.Equal(messageId, notification.MessageId);

        // No longer dead; replaying it again is a 404 problem, not a second delivery.
        using var again = await relay.PostAsync($"/outbox/dead/{messageId}/replay", null, CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Replaying_a_type_returns_only_its_dead_messages_to_the_relay()
    {
        using var relay = await fixture.OperatorClientAsync(ResourceNames.OutboxRelay, CancellationToken);
        var type = $"ops-test.unknown-{Guid.NewGuid():N}";
        var other = $"ops-test.other-{Guid.NewGuid():N}";
        var ours = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ours.Add((await fixture.InsertUnknownTypeAsync(type, CancellationToken)).MessageId);
        }

        var otherId = (await fixture.InsertUnknownTypeAsync(other, CancellationToken)).MessageId;
        var firstDeaths = new Dictionary<Guid, DateTimeOffset>();
        foreach (var id in ours.Append(otherId))
        {
            firstDeaths[id] = (await relay.WaitUntilDeadAsync(id, CancellationToken)).DeadOnUtc;
        }

        using (var replay = await relay.PostAsync($"/outbox/dead/replay?type={type}", null, CancellationToken))
        {
            Assert.Equal(3, (await replay.ReadAsync<ReplayResultDto>(CancellationToken)).Replayed);
        }

        // Still an unknown type, so each is claimed again and dies again, later, with its attempts counted afresh.
        foreach (var id in ours)
        {
            var again = await Eventually.MatchesAsync(
                async ct =>
                {
                    using var response = await relay.GetAsync($"/outbox/dead/{id}", ct);
                    return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<DeadMessageDto>(ct) : null;
                },
                dead => dead is not null && dead.DeadOnUtc > firstDeaths[id],
                $"outbox message {id} to be claimed again after the replay",
                cancellationToken: CancellationToken);
            Assert.Equal(1, again!.Attempts);
        }

        var untouched = await relay.GetFromJsonAsync<DeadMessageDto>($"/outbox/dead/{otherId}", CancellationToken);
        Assert.Equal(firstDeaths[otherId], untouched!.DeadOnUtc);
    }
}
