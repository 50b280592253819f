using Mediator;
using Outbox.Contracts;
using Outbox.Core.Domain;
using Outbox.Relay.Messaging;
using Outbox.Relay.Relay;
using Users.Domain;

namespace Outbox.Relay.Extensions;

internal static class Extensions
{
    public static void AddOutboxRelay(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);

        builder.AddNpgsqlDataSource(ResourceNames.UsersDatabase);
        builder.AddRabbitMQClient(ResourceNames.RabbitMq);

        builder.Services.AddSingleton(DomainEventTypeRegistry.FromAssemblies(typeof(UserRegistered).Assembly));
        builder.Services.AddSingleton<DomainEventSerializer>();

        // The domain-event handlers (DomainEventHandlers/) are found by the source generator at compile time.
        builder.Services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.NotificationPublisherType = typeof(ForeachAwaitPublisher);
        });

        builder.Services.AddSingleton<IIntegrationEventPublisher, RabbitMqIntegrationEventPublisher>();

        builder.Services.AddOptions<OutboxRelayOptions>()
            .Bind(builder.Configuration.GetSection(OutboxRelayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<OutboxBatchProcessor>();
        builder.Services.AddHostedService<OutboxRelayService>();
    }
}
