using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Users.Data;
using Users.Domain;

namespace Users.Api.Apis;

/// <summary>The Users HTTP API.</summary>
internal static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        // The body is read by hand (JsonBody), so the document is told what it accepts and which problems it answers.
        app.MapPost("/users", RegisterUserAsync)
            .WithSummary("Registers a user and writes its UserRegistered outbox row in the same transaction.")
            .Accepts<RegisterUserRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/users/{id:guid}", GetUserAsync).WithName(nameof(GetUserAsync))
            .WithSummary("One user, or 404.");
        return app;
    }

    /// <summary>
    /// Registers a user. The user row and its UserRegistered outbox row are written by one SaveChanges, in one
    /// transaction; the unique index on the normalized email decides duplicates, also between racing requests.
    /// </summary>
    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> RegisterUserAsync(
        HttpRequest request,
        UsersDbContext db,
        TimeProvider timeProvider,
        IOptions<JsonBodyOptions> bodyOptions,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RegisterUserRequest>(request, bodyOptions.Value.MaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var input = body.Value!;
        var errors = UserRegistrationRules.Validate(input.Email, input.Name);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var user = User.Register(input.Email!, input.Name!, timeProvider);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: UsersDbConstraints.UniqueEmail,
        })
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Email already registered",
                detail: "A user with this email address is already registered.");
        }

        return TypedResults.Created($"/users/{user.Id}", UserResponse.From(user));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUserAsync(
        Guid id,
        UsersDbContext db,
        CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found")
            : TypedResults.Ok(UserResponse.From(user));
    }
}
