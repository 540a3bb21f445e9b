using Xunit;

namespace PortClassification.Tests.Support;

/// <summary>A fact that runs only on Linux; elsewhere it is skipped (and only there).</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only.";
        }
    }
}
