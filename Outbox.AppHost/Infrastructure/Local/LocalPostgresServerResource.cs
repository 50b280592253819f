namespace Outbox.AppHost.Infrastructure.Local;

/// <summary>
/// The machine's own PostgreSQL server, run by the AppHost as an executable. Same connection string shape as
/// Aspire's PostgreSQL container resource, so the services cannot tell the two apart.
/// </summary>
public sealed class LocalPostgresServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string UserName = "postgres";

    private EndpointReference? _primaryEndpoint;

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, EndpointName);

    /// <summary>Resource name → database name of the databases this server holds.</summary>
    public Dictionary<string, string> Databases { get; } = new(StringComparer.Ordinal);

    // Loopback by address: the server listens on 127.0.0.1 only, and "localhost" may resolve to ::1 first.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}
