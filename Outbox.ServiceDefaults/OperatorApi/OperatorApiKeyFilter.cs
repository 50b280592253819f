using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Lets a request through only when it carries the operator API key in the <c>X-Api-Key</c> header; otherwise answers
/// 401 problem+json. Fails closed: with no key configured, nobody gets in.
/// </summary>
public sealed class OperatorApiKeyFilter(IOptionsMonitor<OperatorApiOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        var expected = options.CurrentValue.ApiKey;
        var given = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(expected) || !KeysMatch(expected, given))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Operator API key required",
                detail: $"Send the operator API key in the {HeaderName} header.");
        }

        return await next(context);
    }

    // Constant time, so the comparison does not tell an attacker how much of a guess was right.
    private static bool KeysMatch(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
