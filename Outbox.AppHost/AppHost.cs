using Microsoft.Extensions.Configuration;
using Outbox.AppHost.Infrastructure;
using Outbox.AppHost.Operations;
using Outbox.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddOutboxInfrastructure();
var usersDb = infrastructure.UsersDatabase;
var notificationsDb = infrastructure.NotificationsDatabase;
var rabbitMq = infrastructure.RabbitMq;

// The key operators (and the dashboard's commands) send to the relay's and Notifications' operator APIs.
var operatorApiKey = builder.AddOperatorApiKey();

var migrations = builder.AddProject<Projects.Outbox_MigrationService>(ResourceNames.DatabaseMigrations)
    .WithReference(usersDb).WaitFor(usersDb)
    .WithReference(notificationsDb).WaitFor(notificationsDb);

builder.AddProject<Projects.Users_Api>(ResourceNames.UsersApi)
    .WithReference(usersDb).WaitFor(usersDb)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

// Two replicas: FOR UPDATE SKIP LOCKED lets them drain one outbox without ever publishing a row at the same time.
builder.AddProject<Projects.Outbox_Relay>(ResourceNames.OutboxRelay)
    .WithReplicas(2)
    .WithReference(usersDb).WaitFor(usersDb)
    .WithReference(rabbitMq).WaitFor(rabbitMq)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithOperatorApiKey(operatorApiKey)
    .WithOutboxOperatorCommands(operatorApiKey);

builder.AddProject<Projects.Notifications_Api>(ResourceNames.Notifications)
    .WithReference(notificationsDb).WaitFor(notificationsDb)
    .WithReference(rabbitMq).WaitFor(rabbitMq)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithOperatorApiKey(operatorApiKey)
    .WithDeadLetterCommands(operatorApiKey);

// BENCHMARK ONLY (benchmarks/Outbox.Benchmarks): a second Users API that skips the outbox write, beside the real one,
// so one run can measure what the outbox adds to POST /users.
if (builder.Configuration.GetValue<bool>("Benchmark:UsersApiWithoutOutbox"))
{
    builder.AddProject<Projects.Users_Api>($"{ResourceNames.UsersApi}-without-outbox")
        .WithEnvironment("Outbox__WriteEnabled", "false")
        .WithReference(usersDb).WaitFor(usersDb)
        .WaitForCompletion(migrations)
        .WithHttpHealthCheck("/health");
}

builder.Build().Run();
