using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Notifications.Data;
using Users.Data;

namespace Outbox.MigrationService;

/// <summary>
/// Brings both databases to the latest migration (creating them if needed), then stops the process. A failure exits
/// non-zero, so the services that WaitForCompletion on this resource never start against a half-migrated schema.
/// </summary>
internal sealed partial class DatabaseMigrator(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseMigrator> logger) : BackgroundService
{
    public const string ActivitySourceName = "Outbox.Migrations";
    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = ActivitySource.StartActivity("Migrating databases");
        try
        {
            await using var scope = services.CreateAsyncScope();
            await MigrateAsync(scope.ServiceProvider.GetRequiredService<UsersDbContext>(), stoppingToken);
            await MigrateAsync(scope.ServiceProvider.GetRequiredService<NotificationsDbContext>(), stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            activity?.AddException(exception);
            LogFailed(logger, exception);
            Environment.ExitCode = 1;
        }

        lifetime.StopApplication();
    }

    private async Task MigrateAsync(DbContext db, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct => await db.Database.MigrateAsync(ct), cancellationToken);
        LogMigrated(logger, db.GetType().Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{DbContext} is up to date")]
    private static partial void LogMigrated(ILogger logger, string dbContext);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Database migration failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
