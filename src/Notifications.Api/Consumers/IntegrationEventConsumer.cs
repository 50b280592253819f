using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Outbox.Contracts.IntegrationEvents;
using Outbox.Core.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Notifications.Api.Consumers;

/// <summary>
/// Consumes the service's durable queue with manual acknowledgements and a bounded prefetch. A delivery is acked only
/// after its database transaction committed, so a crash in between means a redelivery, which the inbox absorbs.
/// A delivery whose handling fails goes to the retry queue; after the last attempt, or at once when it can never be
/// handled (unreadable body, unknown event type), it goes to the dead-letter queue with the reason.
/// </summary>
internal sealed partial class IntegrationEventConsumer(
    IConnection connection,
    IServiceScopeFactory scopeFactory,
    NotificationsTelemetry telemetry,
    TimeProvider timeProvider,
    IOptions<NotificationsConsumerOptions> options,
    ILogger<IntegrationEventConsumer> logger) : BackgroundService
{
    private static readonly ActivitySource ActivitySource = NotificationsTelemetry.ActivitySource;
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan MaxStartBackoff = TimeSpan.FromSeconds(30);

    private readonly NotificationsConsumerOptions _options = options.Value;
    private IChannel? _consumeChannel;
    private IChannel? _publishChannel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The client recovers the connection, channels and consumer after a broker restart; this loop only covers the
        // first start, when the broker may not be accepting channels yet.
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await StartConsumingAsync(stoppingToken);
                LogConsuming(logger, NotificationsTopology.Queue, _options.PrefetchCount, _options.Concurrency);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(MaxStartBackoff.TotalSeconds, Math.Pow(2, attempt - 1)));
                LogStartFailed(logger, delay, exception);
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
        }
    }

    private async Task StartConsumingAsync(CancellationToken cancellationToken)
    {
        _publishChannel ??= await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        var failedDeliveries = new FailedDeliveryPublisher(_publishChannel, timeProvider);

        _consumeChannel ??= await connection.CreateChannelAsync(
            new CreateChannelOptions(false, false, consumerDispatchConcurrency: _options.Concurrency),
            cancellationToken);
        var channel = _consumeChannel;
        await NotificationsTopology.DeclareAsync(channel, _options.RetryDelay, cancellationToken);
        await channel.BasicQosAsync(prefetchSize: 0, _options.PrefetchCount, global: false, cancellationToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleDeliveryAsync(channel, failedDeliveries, delivery);
        await channel.BasicConsumeAsync(NotificationsTopology.Queue, autoAck: false, consumer, cancellationToken);
    }

    private async Task HandleDeliveryAsync(IChannel channel, FailedDeliveryPublisher failedDeliveries, BasicDeliverEventArgs delivery)
    {
        var messageId = delivery.BasicProperties.MessageId;

        // The relay sets the AMQP type to the routing key it published with; a delivery coming back from the retry
        // queue has the queue's name as its routing key, so the type is what says which event this is.
        var eventType = delivery.BasicProperties.Type ?? delivery.RoutingKey;

        using var activity = StartProcessActivity(delivery, messageId, eventType);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["MessageId"] = messageId, ["EventType"] = eventType });
        try
        {
            await HandleAsync(channel, failedDeliveries, delivery, messageId, eventType);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
    }

    private async Task HandleAsync(
        IChannel channel, FailedDeliveryPublisher failedDeliveries, BasicDeliverEventArgs delivery, string? messageId, string eventType)
    {
        var cancellationToken = delivery.CancellationToken;
        if (!TryRead(delivery, eventType, out var message, out var unreadable))
        {
            LogDeadLettered(logger, messageId, eventType, unreadable);
            Activity.Current?.SetStatus(ActivityStatusCode.Error, unreadable);
            await failedDeliveries.DeadLetterAsync(delivery, unreadable, cancellationToken);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
            telemetry.DeadLettered();
            return;
        }

        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<WelcomeNotificationHandler>();
            var firstTime = await handler.HandleAsync(message, cancellationToken);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
            if (firstTime)
            {
                telemetry.Processed(timeProvider.GetUtcNow() - message.OccurredOn);
            }
            else
            {
                LogDuplicate(logger, message.Id);
                telemetry.Duplicate();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Activity.Current?.SetStatus(ActivityStatusCode.Error, exception.Message);
            var attempt = FailedDeliveryPublisher.DeliveryAttempt(delivery);
            var error = $"{exception.GetType().Name}: {exception.Message}";
            if (attempt >= _options.MaxDeliveryAttempts)
            {
                LogDeadLettered(logger, messageId, eventType, $"failed {attempt} times; last error: {error}");
                await failedDeliveries.DeadLetterAsync(delivery, $"Failed {attempt} times; last error: {error}", cancellationToken);
                telemetry.DeadLettered();
            }
            else
            {
                LogRetrying(logger, message.Id, attempt, _options.RetryDelay, exception);
                await failedDeliveries.RetryLaterAsync(delivery, error, cancellationToken);
                telemetry.Retried();
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
        }
    }

    /// <summary>
    /// A consumer span per the messaging conventions, continuing the trace the message carries: under the RabbitMQ
    /// client's own delivery span when that already continues it, else directly under the publisher's context.
    /// </summary>
    private static Activity? StartProcessActivity(BasicDeliverEventArgs delivery, string? messageId, string eventType)
    {
        KeyValuePair<string, object?>[] tags =
        [
            new("messaging.system", "rabbitmq"),
            new("messaging.destination.name", delivery.Exchange),
            new("messaging.rabbitmq.destination.routing_key", delivery.RoutingKey),
            new("messaging.consumer.group.name", NotificationsTopology.Queue),
            new("messaging.message.id", messageId),
            new("messaging.operation.type", "process"),
            new("messaging.operation.name", "process"),
            new("messaging.message.body.size", delivery.Body.Length),
            new("outbox.message.type", eventType),
        ];
        var name = $"process {NotificationsTopology.Queue}";
        var carried = TraceContext.FromHeaders(delivery.BasicProperties.Headers);
        var current = Activity.Current;
        return carried is null || (current is not null && carried.TraceParent.Contains(current.TraceId.ToHexString(), StringComparison.Ordinal))
            ? ActivitySource.StartActivity(name, ActivityKind.Consumer, parentContext: default, tags)
            : carried.StartActivity(ActivitySource, name, ActivityKind.Consumer, tags);
    }

    private static bool TryRead(
        BasicDeliverEventArgs delivery,
        string eventType,
        out UserRegisteredIntegrationEvent message,
        out string error)
    {
        message = null!;
        if (eventType != IntegrationEventTopology.RoutingKeys.UserRegistered)
        {
            error = $"No handler for event type '{eventType}'.";
            return false;
        }

        try
        {
            var read = JsonSerializer.Deserialize<UserRegisteredIntegrationEvent>(delivery.Body.Span, SerializerOptions);
            if (read is null || read.Id == Guid.Empty || read.UserId == Guid.Empty || string.IsNullOrEmpty(read.Email))
            {
                error = "The body is not a complete UserRegistered event.";
                return false;
            }

            message = read;
            error = "";
            return true;
        }
        catch (Exception exception) when (exception is JsonException or DecoderFallbackException)
        {
            error = $"The body is not valid JSON for a UserRegistered event: {exception.Message}";
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Closing the consuming channel returns unacked deliveries to the queue at once; but never hold up shutdown
        // for a broker that is gone or still recovering.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        foreach (var channel in new[] { _consumeChannel, _publishChannel })
        {
            try
            {
                if (channel is { IsOpen: true })
                {
                    await channel.CloseAsync(timeout.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or RabbitMQ.Client.Exceptions.AlreadyClosedException or IOException)
            {
            }
        }
    }

    public override void Dispose()
    {
        _consumeChannel?.Dispose();
        _publishChannel?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue} with prefetch {Prefetch}, {Concurrency} at a time")]
    private static partial void LogConsuming(ILogger logger, string queue, ushort prefetch, ushort concurrency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start consuming; retrying in {Delay}")]
    private static partial void LogStartFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} ({EventType}) dead-lettered: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string? messageId, string eventType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} was processed before; duplicate absorbed")]
    private static partial void LogDuplicate(ILogger logger, Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling message {MessageId} failed (attempt {Attempt}); retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, Guid messageId, int attempt, TimeSpan delay, Exception exception);
}
