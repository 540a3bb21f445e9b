using Xunit;

namespace PortClassification.Tool.Tests.Support;

/// <summary>A fact that runs only on Linux with <c>ss</c> (iproute2) installed; elsewhere it is skipped, saying why.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LinuxWithSsFactAttribute : FactAttribute
{
    public LinuxWithSsFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only.";
        }
        else if (Path is null)
        {
            Skip = "ss (iproute2) is not installed.";
        }
    }

    /// <summary>Gets the path of <c>ss</c>, or <see langword="null"/> when it is not installed.</summary>
    public static string? Path { get; } = new[] { "/usr/bin/ss", "/bin/ss", "/usr/sbin/ss", "/sbin/ss" }.FirstOrDefault(File.Exists);
}
