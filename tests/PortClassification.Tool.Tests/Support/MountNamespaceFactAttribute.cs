using Xunit;

namespace PortClassification.Tool.Tests.Support;

/// <summary>
/// A fact that starts the tool in a private mount namespace (<c>unshare -m</c>) to mount things over <c>/proc</c>:
/// Linux, running as root (as CI does), with util-linux's <c>unshare</c>. Elsewhere it is skipped, saying why.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MountNamespaceFactAttribute : FactAttribute
{
    public MountNamespaceFactAttribute()
    {
        Skip = !OperatingSystem.IsLinux() ? "Linux only."
            : !Environment.IsPrivilegedProcess ? "Needs root, to create a mount namespace and mount in it."
            : !File.Exists(Unshare) ? "unshare (util-linux) is not installed."
            : null;
    }

    /// <summary>Gets the path of <c>unshare</c>.</summary>
    public static string Unshare => "/usr/bin/unshare";
}
