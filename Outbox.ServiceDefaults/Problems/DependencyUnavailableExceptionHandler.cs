using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Answers 503 problem+json, with Retry-After, when a request failed because a dependency (database, broker) cannot be
/// reached, so a caller knows to retry later instead of seeing a bare 500. Never writes exception details.
/// </summary>
internal sealed partial class DependencyUnavailableExceptionHandler(
    DependencyUnavailable dependency,
    IProblemDetailsService problemDetails,
    ILogger<DependencyUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!dependency.Matches(exception))
        {
            return false;
        }

        LogUnavailable(logger, dependency.Title, exception.GetBaseException().Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = dependency.Title,
                Detail = dependency.Detail,
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dependency}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string dependency, string reason);
}
