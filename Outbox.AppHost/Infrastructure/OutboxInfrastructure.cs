namespace Outbox.AppHost.Infrastructure;

/// <summary>
/// The infrastructure resources the services reference, the same names and connection strings in either mode.
/// </summary>
public sealed record OutboxInfrastructure(
    InfrastructureMode Mode,
    IResourceBuilder<IResourceWithConnectionString> UsersDatabase,
    IResourceBuilder<IResourceWithConnectionString> NotificationsDatabase,
    IResourceBuilder<IResourceWithConnectionString> RabbitMq);
