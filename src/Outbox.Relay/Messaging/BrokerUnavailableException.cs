namespace Outbox.Relay.Messaging;

/// <summary>
/// The broker is down, the connection dropped, or a confirm did not arrive: nothing is wrong with the message, so
/// the relay leaves it pending, without counting an attempt, and backs off.
/// </summary>
public sealed class BrokerUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
