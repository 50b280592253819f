using System.Net.Mime;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Users.Api.Apis;

/// <summary>
/// Reads a JSON body with our own limits and error messages, so malformed or oversized input becomes a 400
/// problem+json that says what is wrong, instead of the framework's empty 400 or a 413 from the server.
/// </summary>
internal static class JsonBody
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public readonly record struct Result<T>(T? Value, ProblemHttpResult? Problem);

    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return Fail<T>(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"The body must be {MediaTypeNames.Application.Json}.");
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge<T>(maxBytes);
        }

        // Chunked bodies have no length up front: read at most one byte past the limit to know.
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge<T>(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), SerializerOptions);
            return value is null
                ? Fail<T>(StatusCodes.Status400BadRequest, "Malformed request body", "The body must be a JSON object.")
                : new Result<T>(value, null);
        }
        catch (JsonException exception)
        {
            return Fail<T>(StatusCodes.Status400BadRequest, "Malformed request body",
                $"The body is not valid JSON for this request: {exception.Message}");
        }
    }

    private static Result<T> TooLarge<T>(int maxBytes) where T : class =>
        Fail<T>(StatusCodes.Status400BadRequest, "Request body too large", $"The body must be at most {maxBytes} bytes.");

    private static Result<T> Fail<T>(int status, string title, string detail) where T : class =>
        new(null, TypedResults.Problem(statusCode: status, title: title, detail: detail));
}
