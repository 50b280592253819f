using Outbox.Relay.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOutboxRelay();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
