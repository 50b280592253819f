namespace Outbox.Relay.Messaging;

/// <summary>The broker returned a mandatory message because no queue is bound for its routing key.</summary>
public sealed class UnroutableMessageException(string routingKey, Exception? innerException = null)
    : Exception($"No queue is bound to routing key '{routingKey}' on the integration-event exchange; the message was returned.", innerException);
