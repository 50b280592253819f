namespace Outbox.Core.Persistence;

/// <summary>
/// Table and column names of the relay's one-row control table. It lives in the outbox's database so that every relay
/// replica reads the same switch in the same transaction as its claim, with nothing else to deploy.
/// </summary>
public static class OutboxRelayControlTable
{
    public const string Name = "outbox_relay_control";
    public const string Id = "id";
    public const string Paused = "paused";
    public const string ChangedOnUtc = "changed_on_utc";

    /// <summary>The id of the only row; a check constraint keeps it the only one.</summary>
    public const int SingletonId = 1;

    /// <summary><see cref="SingletonId"/> for hand-written SQL.</summary>
    public const string SingletonIdSql = "1";

    public const string SingleRowConstraint = "ck_outbox_relay_control_single_row";
}
