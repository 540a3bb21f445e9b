using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Firewall;

/// <summary>
/// A fact that loads rulesets into network namespaces it creates: needs Linux, <c>CAP_SYS_ADMIN</c>/<c>CAP_NET_ADMIN</c>
/// (root) and the <c>nft</c>, <c>iptables</c> and <c>ip</c> commands. Skipped with the reason elsewhere, never in CI
/// (<c>CI=true</c>), where a missing capability or command fails the test instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class FirewallLabFactAttribute : FactAttribute
{
    public FirewallLabFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!OperatingSystem.IsLinux())
        {
            Skip = "nftables exists only on Linux.";
        }
        else if (!ci && NetworkNamespace.UnsupportedReason is { } reason)
        {
            Skip = reason;
        }
        else if (!ci && new[] { "nft", "iptables-nft", "ip6tables-nft", "ip" }.FirstOrDefault(c => Commands.Find(c) is null) is { } missing)
        {
            Skip = $"{missing} is not installed (Debian packages nftables, iptables, iproute2).";
        }
    }
}
