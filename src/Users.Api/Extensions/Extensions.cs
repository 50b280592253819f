using Microsoft.EntityFrameworkCore;
using Outbox.Contracts;
using Outbox.Core.Domain;
using Outbox.Core.Persistence;
using Users.Api.Apis;
using Users.Api.Outbox;
using Users.Data;
using Users.Domain;

namespace Users.Api.Extensions;

internal static class Extensions
{
    private const string BenchmarkOnlyOutboxWriteEnabled = "Outbox:WriteEnabled";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);

        // Every error leaves as application/problem+json, with no exception details.
        builder.Services.AddProblemDetails();
        // The transaction never committed, so nothing was written: say so, and that a retry is welcome.
        builder.Services.AddDependencyUnavailableProblem(new DependencyUnavailable(
            "Database unavailable",
            "The users database cannot be reached. Nothing was saved; try again shortly.",
            DependencyUnavailable.IsDatabaseOutage));

        builder.Services.AddSingleton(DomainEventTypeRegistry.FromAssemblies(typeof(UserRegistered).Assembly));
        builder.Services.AddSingleton<DomainEventSerializer>();
        builder.Services.AddSingleton<DomainEventsToOutboxInterceptor>();

        // BENCHMARK ONLY: "Outbox:WriteEnabled=false" drops the outbox write (and so every event) to measure what the
        // outbox costs POST /users. Never switch it off anywhere else: registrations would silently tell nobody.
        var outboxWriteEnabled = builder.Configuration.GetValue(BenchmarkOnlyOutboxWriteEnabled, defaultValue: true);

        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.UsersDatabase);

        // Wakes the relay after each save that wrote outbox rows (the interceptor finds it through the interface).
        builder.Services.AddSingleton(services => new OutboxWakeUpNotifier(
            connectionString!, services.GetRequiredService<ILogger<OutboxWakeUpNotifier>>()));
        builder.Services.AddSingleton<IOutboxWriteNotifier>(services => services.GetRequiredService<OutboxWakeUpNotifier>());
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxWakeUpNotifier>());
        builder.Services.AddDbContextPool<UsersDbContext>((services, options) =>
        {
            // A short retry: a request should ride out a blip, but answer 503 quickly when the database is down.
            options.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(
                maxRetryCount: 2, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: null));
            if (outboxWriteEnabled)
            {
                options.AddInterceptors(services.GetRequiredService<DomainEventsToOutboxInterceptor>());
            }
        });

        // Aspire's health check, tracing and metrics for the DbContext registered above; its retries are ours.
        builder.EnrichNpgsqlDbContext<UsersDbContext>(settings => settings.DisableRetry = true);

        // The document is served at /openapi/v1.json.
        builder.Services.AddOpenApi();

        builder.Services.Configure<JsonBodyOptions>(builder.Configuration.GetSection(JsonBodyOptions.SectionName));
    }
}
