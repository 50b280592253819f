using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

public static class DependencyUnavailableExtensions
{
    /// <summary>Answers requests that fail because of <paramref name="dependency"/>'s outage with 503 problem+json.</summary>
    public static IServiceCollection AddDependencyUnavailableProblem(this IServiceCollection services, DependencyUnavailable dependency) =>
        services.AddSingleton<IExceptionHandler>(provider => new DependencyUnavailableExceptionHandler(
            dependency,
            provider.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(),
            provider.GetRequiredService<ILogger<DependencyUnavailableExceptionHandler>>()));
}
