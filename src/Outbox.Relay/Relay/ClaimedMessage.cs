using Outbox.Core.Diagnostics;

namespace Outbox.Relay.Relay;

/// <summary>An outbox row the relay holds locked for the current batch.</summary>
internal sealed record ClaimedMessage(Guid Id, string Type, string Payload, int Attempts, TraceContext? Trace = null);
