namespace Outbox.Contracts;

/// <summary>
/// How operators reach the services' operator APIs: the API key's Aspire parameter, the header that carries it, and
/// the dashboard commands that call those APIs. Shared so the AppHost, the services and the tests agree.
/// </summary>
public static class OperatorAccess
{
    /// <summary>The AppHost parameter (secret, generated) holding the operator API key.</summary>
    public const string ApiKeyParameter = "operator-api-key";

    /// <summary>The request header that carries the key; the services check it in ServiceDefaults' OperatorApiKeyFilter.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Dashboard command names.</summary>
    public static class Commands
    {
        public const string ReplayDeadMessages = "replay-dead-messages";
        public const string PauseRelay = "pause-relay";
        public const string ResumeRelay = "resume-relay";
        public const string RequeueDeadLetters = "requeue-dead-letters";
    }
}
