using Aspire.Hosting.Postgres;
using Outbox.AppHost.Infrastructure.Local;

namespace Outbox.AppHost.Tests.AppModel;

/// <summary>
/// The AppHost's model in each infrastructure mode, built but never started: container mode cannot run on a machine
/// without a container engine, but its model is checked here all the same.
/// </summary>
public sealed class AppModelTests
{
    [Fact]
    public async Task Container_mode_uses_Aspire_PostgreSQL_and_RabbitMQ_containers()
    {
        await using var builder = await CreateAsync("Containers");
        var resources = builder.Resources.ToList();

        Assert.IsType<PostgresServerResource>(resources.Single(ResourceNames.Postgres));
        Assert.IsType<PostgresDatabaseResource>(resources.Single(ResourceNames.UsersDatabase));
        Assert.IsType<PostgresDatabaseResource>(resources.Single(ResourceNames.NotificationsDatabase));
        Assert.IsType<RabbitMQServerResource>(resources.Single(ResourceNames.RabbitMq));
        AppModelAssertions.HasOutboxWiring(resources);
    }

    [Fact]
    public async Task Local_mode_runs_the_machines_servers_as_executables_under_the_same_names()
    {
        await using var builder = await CreateAsync("Local");
        var resources = builder.Resources.ToList();

        var postgres = Assert.IsType<LocalPostgresServerResource>(resources.Single(ResourceNames.Postgres));
        var usersDb = Assert.IsType<LocalPostgresDatabaseResource>(resources.Single(ResourceNames.UsersDatabase));
        Assert.Same(postgres, usersDb.Parent);
        Assert.Equal(ResourceNames.UsersDatabase, usersDb.DatabaseName);
        Assert.IsType<LocalPostgresDatabaseResource>(resources.Single(ResourceNames.NotificationsDatabase));
        var rabbitMq = Assert.IsType<LocalRabbitMqServerResource>(resources.Single(ResourceNames.RabbitMq));
        Assert.DoesNotContain(resources, resource => resource is ContainerResource);

        // Loopback, on ports the orchestrator allocates, with generated passwords.
        foreach (var server in new ExecutableResource[] { postgres, rabbitMq })
        {
            var endpoint = Assert.Single(server.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "tcp");
            Assert.False(endpoint.IsProxied);
            Assert.Null(endpoint.Port);
        }

        Assert.True(postgres.PasswordParameter.Secret);
        Assert.True(rabbitMq.PasswordParameter.Secret);
        rabbitMq.WaitsFor($"{ResourceNames.RabbitMq}-epmd");
        AppModelAssertions.HasOutboxWiring(resources);
    }

    [Fact]
    public async Task An_unknown_mode_stops_the_AppHost_with_a_message_naming_the_setting()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(async () => await CreateAsync("Kubernetes"));

        Assert.Contains("Infrastructure:Mode", exception.ToString(), StringComparison.Ordinal);
        Assert.Contains("Kubernetes", exception.ToString(), StringComparison.Ordinal);
    }

    private static Task<IDistributedApplicationTestingBuilder> CreateAsync(string mode) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.Outbox_AppHost>(
            [$"--Infrastructure:Mode={mode}"], TestContext.Current.CancellationToken);
}
