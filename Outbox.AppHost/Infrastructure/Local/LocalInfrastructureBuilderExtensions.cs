using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RabbitMQ.Client;

namespace Outbox.AppHost.Infrastructure.Local;

/// <summary>
/// Adds the machine's own PostgreSQL and RabbitMQ as executable resources: fresh data per run, ports allocated by
/// the orchestrator, loopback only, generated passwords, health checks so <c>WaitFor</c> waits for a server that
/// answers, and their logs in the dashboard.
/// </summary>
public static class LocalInfrastructureBuilderExtensions
{
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder,
        string name,
        string binDirectory,
        LocalRunDirectory runDirectory)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var script = runDirectory.WriteScript("start-postgres.sh", LocalServerScripts.Postgres);
        var (command, prefix) = ServiceUser.Wrap("bash", "postgres");
        var server = new LocalPostgresServerResource(name, command, runDirectory.Path, password);

        // Like Aspire's AddDatabase: the databases are created once the server answers, then reported running.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (@event, cancellationToken) =>
        {
            await CreateDatabasesAsync(server, cancellationToken);
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in builder.Resources.OfType<LocalPostgresDatabaseResource>().Where(d => d.Parent == server))
            {
                await notifications.PublishUpdateAsync(database, state => state with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                });
            }
        });

        return builder.AddResource(server)
            .WithArgs([.. prefix, script])
            .WithEndpoint(name: LocalPostgresServerResource.EndpointName, scheme: "tcp", env: "PGPORT", isProxied: false)
            .WithEnvironment("OUTBOX_PG_BIN", binDirectory)
            .WithEnvironment("OUTBOX_PG_DATA", Path.Combine(runDirectory.Path, name))
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .WithConnectionHealthCheck(ProbePostgresAsync)
            .WithIconName("DatabaseStack");
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server,
        string name,
        string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases[name] = database.DatabaseName;
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("postgres.database", database.DatabaseName)],
            })
            .WithConnectionHealthCheck(ProbePostgresAsync)
            .WithIconName("Database");
    }

    public static IResourceBuilder<LocalRabbitMqServerResource> AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder,
        string name,
        string serverScript,
        string epmd,
        LocalRunDirectory runDirectory)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var script = runDirectory.WriteScript("start-rabbitmq.sh", LocalServerScripts.RabbitMq);

        // RabbitMQ needs the Erlang port mapper. Left to itself it would start a shared daemon on port 4369 that
        // outlives the run; this one is private, in the foreground, and stopped with the AppHost.
        var (epmdCommand, epmdPrefix) = ServiceUser.Wrap(epmd, "rabbitmq");
        var epmdResource = builder.AddExecutable($"{name}-epmd", epmdCommand, runDirectory.Path, epmdPrefix)
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "ERL_EPMD_PORT", isProxied: false);
        epmdResource.WithTcpHealthCheck(epmdResource.GetEndpoint("tcp"));

        var (command, prefix) = ServiceUser.Wrap("bash", "rabbitmq");
        var server = new LocalRabbitMqServerResource(name, command, runDirectory.Path, password);
        var nodeName = $"outbox-{runDirectory.RunName}@localhost";
        epmdResource.WithParentRelationship(server);

        return builder.AddResource(server)
            .WithArgs([.. prefix, script])
            .WithEndpoint(name: LocalRabbitMqServerResource.EndpointName, scheme: "tcp", env: "RABBITMQ_NODE_PORT", isProxied: false)
            .WithEndpoint(name: LocalRabbitMqServerResource.DistributionEndpointName, scheme: "tcp", env: "RABBITMQ_DIST_PORT", isProxied: false)
            .WithEnvironment("ERL_EPMD_PORT", ReferenceExpression.Create($"{epmdResource.GetEndpoint("tcp").Property(EndpointProperty.Port)}"))
            .WithEnvironment("RABBITMQ_NODENAME", nodeName)
            .WithEnvironment("OUTBOX_RABBITMQ_SERVER", serverScript)
            .WithEnvironment("OUTBOX_RABBITMQ_DIR", Path.Combine(runDirectory.Path, name))
            .WithEnvironment("OUTBOX_RABBITMQ_USER", LocalRabbitMqServerResource.UserName)
            .WithEnvironment("OUTBOX_RABBITMQ_PASSWORD", password)
            .WaitFor(epmdResource)
            .WithConnectionHealthCheck(ProbeRabbitMqAsync)
            .WithIconName("Mail");
    }

    private static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> resource, EndpointReference endpoint)
        where T : IResource
    {
        var key = $"{resource.Resource.Name}_check";
        resource.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key, _ => new TcpEndpointHealthCheck(endpoint), HealthStatus.Unhealthy, tags: null, timeout: TimeSpan.FromSeconds(5)));
        return resource.WithHealthCheck(key);
    }

    private static async Task ProbePostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ProbeRabbitMqAsync(string connectionString, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await connection.CloseAsync(cancellationToken);
    }

    private static async Task CreateDatabasesAsync(LocalPostgresServerResource server, CancellationToken cancellationToken)
    {
        var connectionString = await ((IResourceWithConnectionString)server).GetConnectionStringAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var databaseName in server.Databases.Values)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = databaseName } },
            };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                var quoted = "\"" + databaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
