namespace Outbox.AppHost.Tests.Infrastructure;

/// <summary>Settings the fixture gives the services so fault tests finish in seconds.</summary>
public static class FaultSettings
{
    public const int RelayMaxAttempts = 3;
}
