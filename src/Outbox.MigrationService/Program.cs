using Notifications.Data;
using Outbox.Contracts;
using Outbox.MigrationService;
using Users.Data;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDbContext<UsersDbContext>(ResourceNames.UsersDatabase);
builder.AddNpgsqlDbContext<NotificationsDbContext>(ResourceNames.NotificationsDatabase);
builder.Services.AddHostedService<DatabaseMigrator>();

builder.Build().Run();
