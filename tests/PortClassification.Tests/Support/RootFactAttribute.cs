using Xunit;

namespace PortClassification.Tests.Support;

/// <summary>
/// A theory that needs Linux, root (as CI has) and util-linux's <c>unshare</c> and <c>setpriv</c>: it mounts in a private
/// mount namespace and runs a child as <c>nobody</c>. Elsewhere it is skipped, saying which condition is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RootMountTheoryAttribute : TheoryAttribute
{
    public RootMountTheoryAttribute()
    {
        Skip = !OperatingSystem.IsLinux() ? "Linux only."
            : !Environment.IsPrivilegedProcess ? "Needs root, to mount in a mount namespace and switch to nobody."
            : !File.Exists("/usr/bin/unshare") || !File.Exists("/usr/bin/setpriv") ? "unshare and setpriv (util-linux) are needed."
            : null;
    }
}
