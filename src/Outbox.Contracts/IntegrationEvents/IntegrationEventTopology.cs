namespace Outbox.Contracts.IntegrationEvents;

/// <summary>
/// The RabbitMQ topology publishers and consumers share: one durable topic exchange, one routing key per event type.
/// Both sides declare what they use (declarations are idempotent), so neither has to start first.
/// </summary>
public static class IntegrationEventTopology
{
    public const string Exchange = "outbox.integration-events";

    public static class RoutingKeys
    {
        public const string UserRegistered = "users.user-registered";
    }
}
