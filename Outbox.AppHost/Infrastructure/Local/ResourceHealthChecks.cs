using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Outbox.AppHost.Infrastructure.Local;

internal static class ResourceHealthChecks
{
    /// <summary>Registers a <see cref="ConnectionStringHealthCheck"/> and attaches it to the resource.</summary>
    public static IResourceBuilder<T> WithConnectionHealthCheck<T>(
        this IResourceBuilder<T> resource,
        Func<string, CancellationToken, Task> probe)
        where T : IResourceWithConnectionString
    {
        var key = $"{resource.Resource.Name}_check";
        resource.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key,
            _ => new ConnectionStringHealthCheck(resource.Resource, probe),
            failureStatus: HealthStatus.Unhealthy,
            tags: null,
            timeout: TimeSpan.FromSeconds(5)));
        return resource.WithHealthCheck(key);
    }
}
