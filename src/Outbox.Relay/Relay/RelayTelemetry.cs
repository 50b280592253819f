using System.Diagnostics;

namespace Outbox.Relay.Relay;

/// <summary>The relay's ActivitySource and Meter name; ServiceDefaults listens to both (see OutboxTelemetrySources).</summary>
internal static class RelayTelemetry
{
    public const string Name = "Outbox.Relay";

    public static readonly ActivitySource ActivitySource = new(Name);
}
