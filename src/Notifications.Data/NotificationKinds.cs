namespace Notifications.Data;

public static class NotificationKinds
{
    public const string Welcome = "welcome";
}
