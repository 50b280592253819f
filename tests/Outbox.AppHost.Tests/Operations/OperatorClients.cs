using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Outbox.AppHost.Tests.Infrastructure;

namespace Outbox.AppHost.Tests.Operations;

/// <summary>Operator API clients carrying the AppHost's generated key, and the outbox rows the operator tests need.</summary>
internal static class OperatorClients
{
    public static async Task<string> OperatorApiKeyAsync(this OutboxAppFixture fixture, CancellationToken cancellationToken)
    {
        var parameter = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ParameterResource>()
            .Single(p => p.Name == OperatorAccess.ApiKeyParameter);
        return (await parameter.GetValueAsync(cancellationToken))!;
    }

    /// <summary>A client for a service's operator API; with the key unless told otherwise.</summary>
    public static async Task<HttpClient> OperatorClientAsync(
        this OutboxAppFixture fixture, string resourceName, CancellationToken cancellationToken, bool withKey = true)
    {
        var client = fixture.App.CreateHttpClient(resourceName);
        if (withKey)
        {
            client.DefaultRequestHeaders.Add(OperatorAccess.ApiKeyHeader, await fixture.OperatorApiKeyAsync(cancellationToken));
        }

        return client;
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Assert.True(response.IsSuccessStatusCode,
            $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<T>(cancellationToken))!;
    }

    /// <summary>
    /// Inserts a UserRegistered outbox row under a type the relay does not know, so it goes dead at once; fixing the
    /// type afterwards (<see cref="FixTypeAsync"/>) is "removing the cause".
    /// </summary>
    public static async Task<(Guid MessageId, Guid UserId)> InsertUnknownTypeAsync(
        this OutboxAppFixture fixture, string type, CancellationToken cancellationToken)
    {
        var (messageId, userId) = (Guid.NewGuid(), Guid.NewGuid());
        await using var command = fixture.UsersDb.CreateCommand("""
            INSERT INTO outbox_messages (id, type, payload, occurred_on_utc, attempts)
            VALUES ($1, $3, jsonb_build_object('id', $1, 'occurredOn', now(), 'userId', $2,
                                               'email', 'replayed-' || $2 || '@example.com', 'name', 'Replayed'), now(), 0)
            """);
        command.Parameters.Add(new() { Value = messageId });
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = type });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (messageId, userId);
    }

    public static async Task FixTypeAsync(this NpgsqlDataSource usersDb, Guid messageId, CancellationToken cancellationToken)
    {
        await using var command = usersDb.CreateCommand("UPDATE outbox_messages SET type = 'users.user-registered' WHERE id = $1");
        command.Parameters.Add(new() { Value = messageId });
        Assert.Equal(1, await command.ExecuteNonQueryAsync(cancellationToken));
    }

    /// <summary>Waits until the relay has set the message aside.</summary>
    public static async Task<DeadMessageDto> WaitUntilDeadAsync(this HttpClient relay, Guid messageId, CancellationToken cancellationToken) =>
        (await Eventually.MatchesAsync(
            async ct =>
            {
                using var response = await relay.GetAsync($"/outbox/dead/{messageId}", ct);
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<DeadMessageDto>(ct) : null;
            },
            dead => dead is not null,
            $"outbox message {messageId} to be dead",
            cancellationToken: cancellationToken))!;
}
