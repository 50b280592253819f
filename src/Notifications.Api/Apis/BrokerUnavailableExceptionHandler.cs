using Microsoft.AspNetCore.Diagnostics;
using RabbitMQ.Client.Exceptions;

namespace Notifications.Api.Apis;

/// <summary>
/// Answers a dead-letter request 503 problem+json when RabbitMQ cannot be reached, so the operator (or the dashboard
/// command) sees why and knows to retry, instead of a bare 500. Nothing left the dead-letter queue unconfirmed.
/// </summary>
internal sealed partial class BrokerUnavailableExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<BrokerUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (AlreadyClosedException or BrokerUnreachableException or OperationInterruptedException or IOException))
        {
            return false;
        }

        LogBrokerUnavailable(logger, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Broker unavailable",
                Detail = "RabbitMQ cannot be reached; try again shortly.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ unavailable for a dead-letter request: {Reason}")]
    private static partial void LogBrokerUnavailable(ILogger logger, string reason);
}
