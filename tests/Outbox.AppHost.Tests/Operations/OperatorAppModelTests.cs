namespace Outbox.AppHost.Tests.Operations;

/// <summary>The operator wiring in the AppHost's model, built but never started.</summary>
public sealed class OperatorAppModelTests
{
    [Fact]
    public async Task The_operator_key_is_a_generated_secret_and_the_dashboard_commands_are_on_their_resources()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Outbox_AppHost>(
            ["--Infrastructure:Mode=Local"], TestContext.Current.CancellationToken);
        var resources = builder.Resources.ToList();

        var key = Assert.IsType<ParameterResource>(Assert.Single(resources, r => r.Name == OperatorAccess.ApiKeyParameter));
        Assert.True(key.Secret);
        Assert.NotNull(key.Default);

        var relay = Assert.Single(resources, r => r.Name == ResourceNames.OutboxRelay);
        var relayCommands = relay.Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(c => c.Name);
        Assert.NotNull(relayCommands[OperatorAccess.Commands.ReplayDeadMessages].ConfirmationMessage);
        Assert.NotNull(relayCommands[OperatorAccess.Commands.PauseRelay].ConfirmationMessage);
        Assert.Null(relayCommands[OperatorAccess.Commands.ResumeRelay].ConfirmationMessage);
        Assert.Equal("Replay dead messages", relayCommands[OperatorAccess.Commands.ReplayDeadMessages].DisplayName);

        var notifications = Assert.Single(resources, r => r.Name == ResourceNames.Notifications);
        var requeue = Assert.Single(
            notifications.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == OperatorAccess.Commands.RequeueDeadLetters);
        Assert.NotNull(requeue.ConfirmationMessage);
        Assert.Equal("Requeue dead letters", requeue.DisplayName);
    }
}
