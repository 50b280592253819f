namespace Outbox.AppHost.Infrastructure.Local;

/// <summary>
/// The machine's own RabbitMQ server, run by the AppHost as an executable, with an AMQP connection string like
/// Aspire's RabbitMQ container resource.
/// </summary>
public sealed class LocalRabbitMqServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string DistributionEndpointName = "dist";
    public const string UserName = "outbox";

    private EndpointReference? _primaryEndpoint;

    /// <summary>Generated without special characters, so it can stand in the URI unescaped.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{PasswordParameter}@127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
