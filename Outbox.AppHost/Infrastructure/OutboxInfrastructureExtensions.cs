using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Outbox.AppHost.Infrastructure.Local;
using Outbox.Contracts;

namespace Outbox.AppHost.Infrastructure;

public static class OutboxInfrastructureExtensions
{
    /// <summary>
    /// Adds PostgreSQL (with the users and notifications databases) and RabbitMQ, as containers or as the machine's
    /// own servers (see <see cref="InfrastructureMode"/>), under the same resource names either way.
    /// </summary>
    public static OutboxInfrastructure AddOutboxInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var binaries = LocalServerBinaries.Find(builder.Configuration);
        var mode = InfrastructureModeSelector.Select(builder, binaries);
        return mode == InfrastructureMode.Containers ? AddContainers(builder) : AddLocalServers(builder, binaries);
    }

    private static OutboxInfrastructure AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres(ResourceNames.Postgres);
        var rabbitMq = builder.AddRabbitMQ(ResourceNames.RabbitMq);
        return new OutboxInfrastructure(
            InfrastructureMode.Containers,
            postgres.AddDatabase(ResourceNames.UsersDatabase),
            postgres.AddDatabase(ResourceNames.NotificationsDatabase),
            rabbitMq);
    }

    private static OutboxInfrastructure AddLocalServers(IDistributedApplicationBuilder builder, LocalServerBinaries binaries)
    {
        var runDirectory = LocalRunDirectory.Create();
        builder.Services.AddHostedService(_ => new LocalRunDirectoryCleanup(runDirectory));

        var postgres = builder.AddLocalPostgres(ResourceNames.Postgres, binaries.PostgresBinDirectory!, runDirectory);
        var rabbitMq = builder.AddLocalRabbitMq(ResourceNames.RabbitMq, binaries.RabbitMqServer!, binaries.Epmd!, runDirectory);
        return new OutboxInfrastructure(
            InfrastructureMode.Local,
            postgres.AddDatabase(ResourceNames.UsersDatabase),
            postgres.AddDatabase(ResourceNames.NotificationsDatabase),
            rabbitMq);
    }

    /// <summary>Removes the run's data folder when the AppHost stops (abandoned ones go at the next start).</summary>
    private sealed class LocalRunDirectoryCleanup(LocalRunDirectory runDirectory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            runDirectory.TryDelete();
            return Task.CompletedTask;
        }
    }
}
