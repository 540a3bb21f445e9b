using Xunit;

namespace PortClassification.Tests.Support;

/// <summary>A fact that runs only on one OS (named as for <see cref="OperatingSystem.IsOSPlatform(string)"/>); skipped elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnlyOnPlatformFactAttribute : FactAttribute
{
    public OnlyOnPlatformFactAttribute(string platform)
    {
        Platform = platform;
        if (!OperatingSystem.IsOSPlatform(platform))
        {
            Skip = $"Runs only on {platform}.";
        }
    }

    public string Platform { get; }
}

/// <summary>A fact that runs everywhere except on one OS; skipped there.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NotOnPlatformFactAttribute : FactAttribute
{
    public NotOnPlatformFactAttribute(string platform)
    {
        Platform = platform;
        if (OperatingSystem.IsOSPlatform(platform))
        {
            Skip = $"Checks behaviour off {platform}.";
        }
    }

    public string Platform { get; }
}
