using Xunit;

namespace PortClassification.Tests.Support;

/// <summary>
/// A fact that needs <see cref="NetworkNamespace"/>: skipped, with the reason, where network namespaces
/// cannot be created (another OS, or Linux without <c>CAP_SYS_ADMIN</c>).
/// </summary>
/// <remarks>
/// When the environment variable <c>CI</c> is <c>true</c> the fact is never skipped: CI runs as root and must
/// run these tests, so a missing capability there fails the test instead of hiding it.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Network namespaces exist only on Linux.";
        }
        else if (!ci && NetworkNamespace.UnsupportedReason is { } reason)
        {
            Skip = reason;
        }
    }
}
