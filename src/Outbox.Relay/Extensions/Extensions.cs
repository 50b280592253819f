using Mediator;
using Outbox.Contracts;
using Outbox.Core.Domain;
using Outbox.Relay.Apis;
using Outbox.Relay.Diagnostics;
using Outbox.Relay.Messaging;
using Outbox.Relay.Operations;
using Outbox.Relay.Relay;
using Users.Domain;

namespace Outbox.Relay.Extensions;

internal static class Extensions
{
    public static void AddOutboxRelay(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);

        // Stopping must stay well inside the orchestrator's patience (Aspire gives a stop about 15 s): a batch in
        // flight is abandoned (rolled back) rather than waited for, which loses nothing.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));

        builder.AddNpgsqlDataSource(ResourceNames.UsersDatabase);
        builder.AddRabbitMQClient(ResourceNames.RabbitMq);

        var eventTypes = DomainEventTypeRegistry.DiscoverTypes(typeof(UserRegistered).Assembly).ToList();
        if (builder.Configuration.GetValue<bool>($"{OutboxRelayOptions.SectionName}:{nameof(OutboxRelayOptions.EnableFailingProbe)}"))
        {
            eventTypes.Add(typeof(FailingProbe));
        }

        builder.Services.AddSingleton(new DomainEventTypeRegistry(eventTypes));
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
        builder.Services.AddSingleton<OutboxBacklogMonitor>();
        builder.Services.AddSingleton<IOutboxBacklogSource>(services => services.GetRequiredService<OutboxBacklogMonitor>());
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxBacklogMonitor>());
        builder.Services.AddSingleton<OutboxRelayMetrics>();
        builder.Services.AddHealthChecks().AddCheck<OutboxLagHealthCheck>("outbox-lag");
        builder.Services.AddSingleton<OutboxWakeUpSignal>();
        builder.Services.AddHostedService<OutboxWakeUpListener>();
        builder.Services.AddHostedService<OutboxRelayService>();
        builder.Services.AddHostedService<OutboxRetentionService>();

        // The operator API: every error as problem+json without exception details, documented with OpenAPI.
        builder.Services.AddProblemDetails();
        // An operator (or a dashboard command) sees why a request failed and knows to retry, instead of a bare 500.
        builder.Services.AddDependencyUnavailableProblem(new DependencyUnavailable(
            "Database unavailable",
            "The outbox database cannot be reached; nothing was changed. Try again shortly.",
            DependencyUnavailable.IsDatabaseOutage));
        builder.Services.AddOpenApi(options => options.AddOperatorApiKeySecurity());
        builder.AddOperatorApi();
        builder.Services.AddSingleton<OutboxOperations>();
    }
}
