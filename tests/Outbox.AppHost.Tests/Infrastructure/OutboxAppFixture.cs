using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

[assembly: AssemblyFixture(typeof(Outbox.AppHost.Tests.Infrastructure.OutboxAppFixture))]

namespace Outbox.AppHost.Tests.Infrastructure;

/// <summary>
/// The real AppHost, started once for the whole test assembly and shared by every distributed test: PostgreSQL,
/// RabbitMQ, the migrations, the Users API, the relay and Notifications. Disposing it stops every process it started.
/// </summary>
public sealed class OutboxAppFixture : IAsyncLifetime
{
    /// <summary>Start-up includes creating two databases and starting four .NET processes on two cores.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public HttpClient UsersApi { get; private set; } = null!;

    public HttpClient Notifications { get; private set; } = null!;

    public NpgsqlDataSource UsersDb { get; private set; } = null!;

    public string UsersDbConnectionString { get; private set; } = null!;

    public NpgsqlDataSource NotificationsDb { get; private set; } = null!;

    public string RabbitMqConnectionString { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var cancellationToken = timeout.Token;

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Outbox_AppHost>(cancellationToken);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        ConfigureForFaultTests(builder);
        _app = await builder.BuildAsync(cancellationToken);
        await _app.StartAsync(cancellationToken);

        foreach (var service in new[] { ResourceNames.UsersApi, ResourceNames.OutboxRelay, ResourceNames.Notifications })
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellationToken);
        }

        UsersApi = _app.CreateHttpClient(ResourceNames.UsersApi);
        Notifications = _app.CreateHttpClient(ResourceNames.Notifications);
        UsersDbConnectionString = (await _app.GetConnectionStringAsync(ResourceNames.UsersDatabase, cancellationToken))!;
        UsersDb = NpgsqlDataSource.Create(UsersDbConnectionString);
        var notificationsDb = await _app.GetConnectionStringAsync(ResourceNames.NotificationsDatabase, cancellationToken);
        NotificationsDb = NpgsqlDataSource.Create(notificationsDb!);
        RabbitMqConnectionString = (await _app.GetConnectionStringAsync(ResourceNames.RabbitMq, cancellationToken))!;
    }

    /// <summary>
    /// Short retry schedules, so a message that keeps failing goes dead within seconds, and the relay's failing probe
    /// event. Everything else runs as <c>dotnet run --project Outbox.AppHost</c> would.
    /// </summary>
    private static void ConfigureForFaultTests(IDistributedApplicationTestingBuilder builder)
    {
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.OutboxRelay))
            .WithEnvironment("OutboxRelay__EnableFailingProbe", "true")
            .WithEnvironment("OutboxRelay__MaxAttempts", FaultSettings.RelayMaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("OutboxRelay__RetryBaseDelay", "00:00:00.200")
            .WithEnvironment("OutboxRelay__MaxBrokerBackoff", "00:00:05");
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.Notifications))
            .WithEnvironment("NotificationsConsumer__RetryDelay", "00:00:00.500")
            .WithEnvironment("NotificationsConsumer__MaxDeliveryAttempts", "3");
    }

    public async ValueTask DisposeAsync()
    {
        UsersApi?.Dispose();
        Notifications?.Dispose();
        if (UsersDb is not null)
        {
            await UsersDb.DisposeAsync();
        }

        if (NotificationsDb is not null)
        {
            await NotificationsDb.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
