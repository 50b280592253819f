using Notifications.Api.Apis;
using Notifications.Api.Consumers;
using Notifications.Data;
using Outbox.Contracts;

namespace Notifications.Api.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);

        // Stop well inside the orchestrator's patience; unacked deliveries simply return to the queue.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddProblemDetails();
        // A dead-letter request that cannot reach RabbitMQ moved nothing unconfirmed; tell the operator to retry.
        builder.Services.AddDependencyUnavailableProblem(new DependencyUnavailable(
            "Broker unavailable",
            "RabbitMQ cannot be reached; try again shortly.",
            exception => exception is RabbitMQ.Client.Exceptions.AlreadyClosedException
                or RabbitMQ.Client.Exceptions.BrokerUnreachableException
                or RabbitMQ.Client.Exceptions.OperationInterruptedException
                or IOException));

        builder.AddNpgsqlDbContext<NotificationsDbContext>(ResourceNames.NotificationsDatabase);
        builder.AddRabbitMQClient(ResourceNames.RabbitMq);

        builder.Services.AddOptions<NotificationsConsumerOptions>()
            .Bind(builder.Configuration.GetSection(NotificationsConsumerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<WelcomeNotificationHandler>();
        builder.Services.AddSingleton<NotificationsTelemetry>();
        builder.Services.AddHostedService<IntegrationEventConsumer>();
        builder.Services.AddHostedService<InboxPruningService>();

        builder.Services.AddOpenApi(options => options.AddOperatorApiKeySecurity());
        builder.AddOperatorApi();
        builder.Services.AddSingleton<DeadLetterQueueOperations>();
    }
}
