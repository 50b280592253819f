using System.Diagnostics;
using System.Text.Json;
using Outbox.Contracts.IntegrationEvents;
using Outbox.Core.Diagnostics;
using Outbox.Relay.Relay;
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
        var messageId = integrationEvent.Id.ToString();

        // A producer span per the messaging conventions; its context travels in the headers to the consumer.
        using var activity = RelayTelemetry.ActivitySource.StartActivity(
            $"publish {IntegrationEventTopology.Exchange}",
            ActivityKind.Producer,
            parentContext: default,
            [
                new(MessagingTelemetry.System, MessagingTelemetry.RabbitMq),
                new(MessagingTelemetry.DestinationName, IntegrationEventTopology.Exchange),
                new(MessagingTelemetry.RoutingKey, routingKey),
                new(MessagingTelemetry.MessageId, messageId),
                new(MessagingTelemetry.OperationType, "send"),
                new(MessagingTelemetry.OperationName, "publish"),
                new(MessagingTelemetry.BodySize, body.Length),
            ]);

        var properties = new BasicProperties
        {
            MessageId = messageId,
            Type = routingKey,
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(integrationEvent.OccurredOn.ToUnixTimeSeconds()),
            Headers = new Dictionary<string, object?>(),
        };
        TraceContext.From(Activity.Current)?.WriteTo(properties.Headers);

        try
        {
            var channel = await GetChannelAsync(cancellationToken);
            await channel.BasicPublishAsync(
                IntegrationEventTopology.Exchange, routingKey, mandatory: true, properties, body, cancellationToken);
        }
        catch (PublishReturnException exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "returned: unroutable");
            throw new UnroutableMessageException(routingKey, exception);
        }
        catch (Exception exception) when (exception is PublishException or AlreadyClosedException
            or OperationInterruptedException or BrokerUnreachableException or IOException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
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
        _channelLock.Dispose();
        if (_channel is null)
        {
            return;
        }

        // Close politely, but never hold up shutdown for a broker that is gone or still recovering; then the
        // connection's own disposal tears the channel down.
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await _channel.CloseAsync(timeout.Token);
            await _channel.DisposeAsync();
        }
        catch (Exception exception) when (exception is OperationCanceledException or AlreadyClosedException or IOException)
        {
        }
    }
}
