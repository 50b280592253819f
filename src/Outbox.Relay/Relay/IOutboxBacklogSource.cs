namespace Outbox.Relay.Relay;

/// <summary>The latest backlog reading; read by the metrics and the lag health check, never querying themselves.</summary>
internal interface IOutboxBacklogSource
{
    OutboxBacklog Current { get; }
}
