namespace PortClassification;

/// <summary>The outcome of reading one integer sysctl.</summary>
internal readonly record struct SysctlValue(int Value, HostSettingFallback Fallback, string? Error)
{
    internal static SysctlValue Failed(HostSettingFallback fallback, string error) => new(0, fallback, error);
}
