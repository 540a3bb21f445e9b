namespace PortClassification;

/// <summary>The standard output of one netsh run, or why there is none.</summary>
internal readonly record struct NetshResult(string? Output, HostSettingFallback Fallback, string? Error)
{
    internal static NetshResult Failed(HostSettingFallback fallback, string error) => new(null, fallback, error);
}
