using Scalar.AspNetCore;
using Users.Api.Apis;
using Users.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    // A browsable reference of the OpenAPI document at /scalar; only in Development.
    app.MapScalarApiReference();
}

app.MapUsersApi();

app.Run();
