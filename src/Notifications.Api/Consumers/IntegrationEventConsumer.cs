using System.Text.Json;
using Microsoft.Extensions.Options;
using Outbox.Contracts.IntegrationEvents;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Notifications.Api.Consumers;

/// <summary>
/// Consumes the service's durable queue with manual acknowledgements and a bounded prefetch. A delivery is acked only
/// after its database transaction committed, so a crash in between means a redelivery, which the inbox absorbs.
/// </summary>
internal sealed partial class IntegrationEventConsumer(
    IConnection connection,
    IServiceScopeFactory scopeFactory,
    TimeProvider timeProvider,
    IOptions<NotificationsConsumerOptions> options,
    ILogger<IntegrationEventConsumer> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan MaxStartBackoff = TimeSpan.FromSeconds(30);

    private readonly NotificationsConsumerOptions _options = options.Value;
    private IChannel? _channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The client recovers the connection, channel and consumer after a broker restart; this loop only covers the
        // first start, when the broker may not be accepting channels yet.
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                _channel = await StartConsumingAsync(stoppingToken);
                LogConsuming(logger, NotificationsConsumerOptions.QueueName, _options.PrefetchCount);
                break;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(MaxStartBackoff.TotalSeconds, Math.Pow(2, attempt - 1)));
                LogStartFailed(logger, delay, exception);
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
        }
    }

    private async Task<IChannel> StartConsumingAsync(CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.BasicQosAsync(prefetchSize: 0, _options.PrefetchCount, global: false, cancellationToken);
        await channel.ExchangeDeclareAsync(
            IntegrationEventTopology.Exchange, ExchangeType.Topic, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(
            NotificationsConsumerOptions.QueueName, durable: true, exclusive: false, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(
            NotificationsConsumerOptions.QueueName, IntegrationEventTopology.Exchange,
            IntegrationEventTopology.RoutingKeys.UserRegistered, cancellationToken: cancellationToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleDeliveryAsync(channel, delivery);
        await channel.BasicConsumeAsync(NotificationsConsumerOptions.QueueName, autoAck: false, consumer, cancellationToken);
        return channel;
    }

    private async Task HandleDeliveryAsync(IChannel channel, BasicDeliverEventArgs delivery)
    {
        var cancellationToken = delivery.CancellationToken;
        UserRegisteredIntegrationEvent? message;
        try
        {
            message = delivery.RoutingKey == IntegrationEventTopology.RoutingKeys.UserRegistered
                ? JsonSerializer.Deserialize<UserRegisteredIntegrationEvent>(delivery.Body.Span, SerializerOptions)
                : null;
        }
        catch (JsonException exception)
        {
            LogUnreadable(logger, delivery.BasicProperties.MessageId, delivery.RoutingKey, exception.Message);
            message = null;
        }

        if (message is null)
        {
            // Redelivering a message nobody can read would only loop; reject it without requeue.
            LogRejected(logger, delivery.BasicProperties.MessageId, delivery.RoutingKey);
            await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false, cancellationToken);
            return;
        }

        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<WelcomeNotificationHandler>();
            var recorded = await handler.HandleAsync(message, cancellationToken);
            if (!recorded)
            {
                LogDuplicate(logger, message.Id);
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not acked: wait a little so a failing dependency is not hammered, then hand it back for redelivery.
            LogHandlingFailed(logger, message.Id, _options.RedeliveryDelay, exception);
            await Task.Delay(_options.RedeliveryDelay, timeProvider, cancellationToken);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, cancellationToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_channel is { IsOpen: true })
        {
            // Closing the channel returns unacked deliveries to the queue at once.
            await _channel.CloseAsync(cancellationToken);
        }
    }

    public override void Dispose()
    {
        _channel?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue} with prefetch {Prefetch}")]
    private static partial void LogConsuming(ILogger logger, string queue, ushort prefetch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start consuming; retrying in {Delay}")]
    private static partial void LogStartFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} ({RoutingKey}) cannot be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string? messageId, string routingKey, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected message {MessageId} ({RoutingKey}) without requeue")]
    private static partial void LogRejected(ILogger logger, string? messageId, string routingKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} was processed before; duplicate absorbed")]
    private static partial void LogDuplicate(ILogger logger, Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling message {MessageId} failed; redelivering in {Delay}")]
    private static partial void LogHandlingFailed(ILogger logger, Guid messageId, TimeSpan delay, Exception exception);
}
