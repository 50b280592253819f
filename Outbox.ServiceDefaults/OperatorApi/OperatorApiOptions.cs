namespace Microsoft.Extensions.Hosting;

/// <summary>Operator API settings (configuration section "OperatorApi").</summary>
public sealed class OperatorApiOptions
{
    public const string SectionName = "OperatorApi";

    /// <summary>The key every operator request must carry; when unset, every operator request is refused.</summary>
    public string? ApiKey { get; set; }
}
