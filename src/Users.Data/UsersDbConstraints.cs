namespace Users.Data;

/// <summary>Database constraint names the service maps to API errors.</summary>
public static class UsersDbConstraints
{
    public const string UniqueEmail = UserConfiguration.UniqueEmailIndex;
}
