namespace Outbox.AppHost.Infrastructure;

/// <summary>How the AppHost runs PostgreSQL and RabbitMQ (configuration key <c>Infrastructure:Mode</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, else the machine's own server binaries.</summary>
    Auto,

    /// <summary>Aspire's PostgreSQL and RabbitMQ container resources (Docker or Podman).</summary>
    Containers,

    /// <summary>The machine's PostgreSQL and RabbitMQ server binaries, run as Aspire executable resources.</summary>
    Local,
}
