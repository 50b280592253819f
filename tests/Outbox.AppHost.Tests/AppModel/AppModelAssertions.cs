namespace Outbox.AppHost.Tests.AppModel;

/// <summary>Reads the relationships the AppHost declared between resources, without starting anything.</summary>
internal static class AppModelAssertions
{
    public static IResource Single(this IEnumerable<IResource> resources, string name) =>
        Assert.Single(resources, resource => resource.Name == name);

    public static void WaitsFor(this IResource resource, string dependency, WaitType waitType = WaitType.WaitUntilHealthy) =>
        Assert.Contains(
            resource.Annotations.OfType<WaitAnnotation>(),
            wait => wait.Resource.Name == dependency && wait.WaitType == waitType);

    public static void References(this IResource resource, string dependency) =>
        Assert.Contains(
            resource.Annotations.OfType<ResourceRelationshipAnnotation>(),
            relationship => relationship.Resource.Name == dependency && relationship.Type == "Reference");

    public static void HasHealthCheck(this IResource resource) =>
        Assert.NotEmpty(resource.Annotations.OfType<HealthCheckAnnotation>());

    /// <summary>The wiring every mode must have: each service references and waits for exactly what it needs.</summary>
    public static void HasOutboxWiring(IReadOnlyList<IResource> resources)
    {
        var migrations = resources.Single(ResourceNames.DatabaseMigrations);
        foreach (var database in new[] { ResourceNames.UsersDatabase, ResourceNames.NotificationsDatabase })
        {
            migrations.References(database);
            migrations.WaitsFor(database);
        }

        var usersApi = resources.Single(ResourceNames.UsersApi);
        usersApi.References(ResourceNames.UsersDatabase);
        usersApi.WaitsFor(ResourceNames.UsersDatabase);
        usersApi.WaitsFor(ResourceNames.DatabaseMigrations, WaitType.WaitForCompletion);
        usersApi.HasHealthCheck();

        var relay = resources.Single(ResourceNames.OutboxRelay);
        foreach (var dependency in new[] { ResourceNames.UsersDatabase, ResourceNames.RabbitMq })
        {
            relay.References(dependency);
            relay.WaitsFor(dependency);
        }

        relay.WaitsFor(ResourceNames.DatabaseMigrations, WaitType.WaitForCompletion);
        relay.HasHealthCheck();

        var notifications = resources.Single(ResourceNames.Notifications);
        foreach (var dependency in new[] { ResourceNames.NotificationsDatabase, ResourceNames.RabbitMq })
        {
            notifications.References(dependency);
            notifications.WaitsFor(dependency);
        }

        notifications.WaitsFor(ResourceNames.DatabaseMigrations, WaitType.WaitForCompletion);
        notifications.HasHealthCheck();
        Assert.DoesNotContain(
            notifications.Annotations.OfType<ResourceRelationshipAnnotation>(),
            relationship => relationship.Resource.Name == ResourceNames.UsersDatabase);

        foreach (var infrastructure in new[] { ResourceNames.Postgres, ResourceNames.UsersDatabase, ResourceNames.NotificationsDatabase, ResourceNames.RabbitMq })
        {
            resources.Single(infrastructure).HasHealthCheck();
        }
    }
}
