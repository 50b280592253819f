using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>The plumbing every service's operator API shares: its options and its API key check.</summary>
public static class OperatorApiExtensions
{
    public static TBuilder AddOperatorApi<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<OperatorApiOptions>(builder.Configuration.GetSection(OperatorApiOptions.SectionName));
        builder.Services.AddSingleton<OperatorApiKeyFilter>();
        return builder;
    }

    /// <summary>A route group whose every endpoint requires the operator API key.</summary>
    public static RouteGroupBuilder MapOperatorGroup(this IEndpointRouteBuilder app, string prefix, string tag)
    {
        var group = app.MapGroup(prefix).WithTags(tag).WithMetadata(new OperatorApiKeyRequiredMetadata());
        group.AddEndpointFilter<OperatorApiKeyFilter>();
        group.ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }
}
