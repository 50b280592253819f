using System.Text.Json;
using Outbox.Contracts.IntegrationEvents;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Outbox.Relay.Messaging;

/// <summary>
/// Publishes to the durable integration-event exchange on one long-lived channel with publisher confirmations
/// tracked by the client, so each publish returns only after the broker has taken responsibility for the message.
/// Messages are persistent and mandatory (an unroutable message comes back instead of vanishing), and carry the
/// outbox id as their AMQP message id.
/// </summary>
internal sealed class RabbitMqIntegrationEventPublisher(IConnection connection) : IIntegrationEventPublisher, IAsyncDisposable
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _channelLock = new(1, 1);
    private IChannel? _channel;

    public async Task PublishAsync(IntegrationEvent integrationEvent, string routingKey, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(integrationEvent, integrationEvent.GetType(), SerializerOptions);
        var properties = new BasicProperties
        {
            MessageId = integrationEvent.Id.ToString(),
            Type = routingKey,
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(integrationEvent.OccurredOn.ToUnixTimeSeconds()),
        };

        try
        {
            var channel = await GetChannelAsync(cancellationToken);
            await channel.BasicPublishAsync(
                IntegrationEventTopology.Exchange, routingKey, mandatory: true, properties, body, cancellationToken);
        }
        catch (PublishReturnException exception)
        {
            throw new UnroutableMessageException(routingKey, exception);
        }
        catch (Exception exception) when (exception is PublishException or AlreadyClosedException
            or OperationInterruptedException or BrokerUnreachableException or IOException)
        {
            throw new BrokerUnavailableException($"Publishing to RabbitMQ failed: {exception.Message}", exception);
        }
    }

    private async ValueTask<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        var channel = _channel;
        if (channel is { IsOpen: true })
        {
            return channel;
        }

        await _channelLock.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true })
            {
                return _channel;
            }

            if (_channel is not null)
            {
                await _channel.DisposeAsync();
            }

            var options = new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true);
            _channel = await connection.CreateChannelAsync(options, cancellationToken);
            await _channel.ExchangeDeclareAsync(
                IntegrationEventTopology.Exchange, ExchangeType.Topic, durable: true, autoDelete: false,
                cancellationToken: cancellationToken);
            return _channel;
        }
        finally
        {
            _channelLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            // Close politely, but never hold up shutdown for a broker that is gone or still recovering.
            using var timeout = new CancellationTokenSource(CloseTimeout);
            try
            {
                await _channel.CloseAsync(timeout.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or AlreadyClosedException or IOException)
            {
            }

            _channel.Dispose();
        }

        _channelLock.Dispose();
    }
}
