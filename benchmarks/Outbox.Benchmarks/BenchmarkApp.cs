using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Outbox.Benchmarks;

/// <summary>
/// The real AppHost, started in-process with randomised ports (as the distributed tests start it), plus a second
/// Users API without the outbox write for the write-cost scenario. Disposing it stops every process it started.
/// </summary>
internal sealed class BenchmarkApp : IAsyncDisposable
{
    public const string UsersApiWithoutOutbox = $"{ResourceNames.UsersApi}-without-outbox";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] StoppedStates = [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart];

    // The orchestrator's ids of each resource's replicas, as the notification service reports them.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SortedSet<string>> _replicaIds = new();
    private readonly CancellationTokenSource _watching = new();

    private BenchmarkApp(DistributedApplication app)
    {
        App = app;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in app.ResourceNotifications.WatchAsync(_watching.Token))
                {
                    var ids = _replicaIds.GetOrAdd(e.Resource.Name, _ => []);
                    lock (ids)
                    {
                        ids.Add(e.ResourceId);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public DistributedApplication App { get; }

    public HttpClient UsersApi { get; private init; } = null!;

    public HttpClient UsersApiWithoutOutboxClient { get; private init; } = null!;

    public NpgsqlDataSource UsersDb { get; private init; } = null!;

    public string UsersDbConnectionString { get; private init; } = null!;

    public NpgsqlDataSource NotificationsDb { get; private init; } = null!;

    public string RabbitMqConnectionString { get; private init; } = null!;

    public static async Task<BenchmarkApp> StartAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var token = timeout.Token;

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Outbox_AppHost>(
            [
                "--Benchmark:UsersApiWithoutOutbox=true",
                // The services' own logs stay in the orchestrator; the console is for the benchmark's figures.
                "--Logging:LogLevel:Default=Error",
                "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=None",
                "--Logging:LogLevel:Outbox.AppHost.Resources=None",
            ],
            token);
        foreach (var (resource, name, value) in settings.EnvironmentOverrides)
        {
            builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == resource))
                .WithEnvironment(name, value);
        }

        var app = await builder.BuildAsync(token);
        await app.StartAsync(token);

        foreach (var service in new[] { ResourceNames.UsersApi, UsersApiWithoutOutbox, ResourceNames.OutboxRelay, ResourceNames.Notifications })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, token);
        }

        var usersDb = (await app.GetConnectionStringAsync(ResourceNames.UsersDatabase, token))!;
        var notificationsDb = (await app.GetConnectionStringAsync(ResourceNames.NotificationsDatabase, token))!;
        return new BenchmarkApp(app)
        {
            UsersApi = CreateClient(app, ResourceNames.UsersApi),
            UsersApiWithoutOutboxClient = CreateClient(app, UsersApiWithoutOutbox),
            UsersDbConnectionString = usersDb,
            UsersDb = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(usersDb) { MaxPoolSize = 20 }.ConnectionString),
            NotificationsDb = NpgsqlDataSource.Create(notificationsDb),
            RabbitMqConnectionString = (await app.GetConnectionStringAsync(ResourceNames.RabbitMq, token))!,
        };
    }

    private static HttpClient CreateClient(DistributedApplication app, string resource)
    {
        // A plain client straight at the endpoint: no resilience handler retrying (and so hiding) slow requests.
        var endpoint = app.GetEndpoint(resource, "http");
        return new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 256 })
        {
            BaseAddress = endpoint,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>The orchestrator's names of a resource's replicas (the relay runs two).</summary>
    public IReadOnlyList<string> ReplicaIds(string resourceName)
    {
        var ids = _replicaIds.GetValueOrDefault(resourceName)
            ?? throw new InvalidOperationException($"No replica of {resourceName} has been reported.");
        lock (ids)
        {
            // Before the orchestrator names the replicas a resource may be reported under its own name.
            return ids.Count > 1 ? [.. ids.Where(id => id != resourceName)] : [.. ids];
        }
    }

    /// <summary>
    /// Stops every replica of the service with SIGKILL (as the fault tests do: the orchestrator's graceful stop of a
    /// service did not complete here), and waits until the orchestrator sees all of them gone. Nothing is lost by it:
    /// an unconfirmed relay batch or an unacknowledged delivery is simply redone.
    /// </summary>
    public async Task StopAsync(string resourceName, CancellationToken cancellationToken)
    {
        foreach (var pid in new Measurement.ServiceProcesses(resourceName, RabbitMqConnectionString).Find())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        foreach (var id in ReplicaIds(resourceName))
        {
            await WaitForStateAsync(id, state => StoppedStates.Contains(state), cancellationToken);
        }
    }

    /// <summary>Starts <paramref name="replicas"/> of the resource's replicas (all when null) and waits until they run.</summary>
    public async Task StartAsync(string resourceName, int? replicas, CancellationToken cancellationToken)
    {
        var ids = ReplicaIds(resourceName).Take(replicas ?? int.MaxValue).ToList();
        if (replicas is null)
        {
            await ExecuteAsync(Resource(resourceName), KnownResourceCommands.StartCommand, cancellationToken);
        }
        else
        {
            foreach (var id in ids)
            {
                await ExecuteAsync(id, KnownResourceCommands.StartCommand, cancellationToken);
            }
        }

        // Healthy, not only Running: the service must be listening (and the relay connected) before timing starts.
        foreach (var id in ids)
        {
            await WaitForStateAsync(
                id,
                state => state == KnownResourceStates.Running,
                cancellationToken,
                e => e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
        }
    }

    private async Task WaitForStateAsync(
        string resourceId, Func<string?, bool> predicate, CancellationToken cancellationToken, Func<ResourceEvent, bool>? also = null)
    {
        var deadline = DateTime.UtcNow + CommandTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (App.ResourceNotifications.TryGetCurrentState(resourceId, out var state)
                && predicate(state.Snapshot.State?.Text) && (also?.Invoke(state) ?? true))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{resourceId} did not reach the expected state within {CommandTimeout}.");
    }

    private async Task ExecuteAsync(string resourceId, string command, CancellationToken cancellationToken)
    {
        var result = await App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(resourceId, command, cancellationToken)
            .WaitAsync(CommandTimeout, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} on {resourceId} failed: {result.Message}");
        }
    }

    private async Task ExecuteAsync(IResource resource, string command, CancellationToken cancellationToken)
    {
        var result = await App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(resource, command, cancellationToken)
            .WaitAsync(CommandTimeout, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} on {resource.Name} failed: {result.Message}");
        }
    }

    private IResource Resource(string name) =>
        App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    public async ValueTask DisposeAsync()
    {
        await _watching.CancelAsync();
        _watching.Dispose();
        UsersApi?.Dispose();
        UsersApiWithoutOutboxClient?.Dispose();
        if (UsersDb is not null)
        {
            await UsersDb.DisposeAsync();
        }

        if (NotificationsDb is not null)
        {
            await NotificationsDb.DisposeAsync();
        }

        await App.StopAsync();
        await App.DisposeAsync();
    }
}
