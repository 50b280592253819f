namespace Users.Api.Apis;

/// <summary>Limits on JSON request bodies (configuration section "JsonBody").</summary>
public sealed class JsonBodyOptions
{
    public const string SectionName = "JsonBody";

    /// <summary>Largest accepted body; a registration is a few hundred bytes.</summary>
    public int MaxBytes { get; set; } = 16 * 1024;
}
