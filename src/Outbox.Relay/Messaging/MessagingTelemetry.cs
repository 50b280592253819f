namespace Outbox.Relay.Messaging;

/// <summary>OpenTelemetry messaging semantic-convention attribute names and values used on publish spans.</summary>
internal static class MessagingTelemetry
{
    public const string System = "messaging.system";
    public const string DestinationName = "messaging.destination.name";
    public const string RoutingKey = "messaging.rabbitmq.destination.routing_key";
    public const string MessageId = "messaging.message.id";
    public const string OperationType = "messaging.operation.type";
    public const string OperationName = "messaging.operation.name";
    public const string BodySize = "messaging.message.body.size";
    public const string RabbitMq = "rabbitmq";
}
