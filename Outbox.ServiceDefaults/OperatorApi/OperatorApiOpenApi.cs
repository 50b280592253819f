using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>Endpoint metadata: this endpoint needs the operator API key (set by <c>MapOperatorGroup</c>).</summary>
public sealed class OperatorApiKeyRequiredMetadata;

public static class OperatorApiOpenApi
{
    private const string SchemeName = "OperatorApiKey";

    /// <summary>Documents the operator API key as a security scheme, required by the operator endpoints only.</summary>
    public static OpenApiOptions AddOperatorApiKeySecurity(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = OperatorApiKeyFilter.HeaderName,
                Description = "The operator API key (the AppHost's operator-api-key parameter).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<OperatorApiKeyRequiredMetadata>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [],
                });
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
