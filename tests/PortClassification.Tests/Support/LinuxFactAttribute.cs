using Xunit;
namespace PortClassification.Tests.Support;

/// <summary>A fact that runs only on Linux: it reads Linux-only state (procfs, network namespaces).</summary>
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
