using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Outbox.AppHost.Infrastructure.Local;

/// <summary>Healthy when something accepts TCP connections on the endpoint's allocated port.</summary>
internal sealed class TcpEndpointHealthCheck(EndpointReference endpoint) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", endpoint.Port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is SocketException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(exception.Message, exception);
        }
    }
}
