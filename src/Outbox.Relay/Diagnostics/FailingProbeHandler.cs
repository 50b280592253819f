using Mediator;

namespace Outbox.Relay.Diagnostics;

/// <summary>Fails every time, by design (see <see cref="FailingProbe"/>).</summary>
internal sealed class FailingProbeHandler : INotificationHandler<FailingProbe>
{
    public ValueTask Handle(FailingProbe notification, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Failing probe: {notification.Reason}");
}
