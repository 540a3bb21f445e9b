using System.Net;

namespace PortClassification;

/// <summary>Which binds need privileges on each OS, and what to do about it. Pure.</summary>
/// <remarks>
/// Linux: ports from 1 to <c>ip_unprivileged_port_start</c> − 1 need <c>CAP_NET_BIND_SERVICE</c> on any address.
/// macOS (10.14 and later): ports below 1024 need root only on a specific address; XNU's <c>in_pcbbind</c> skips the
/// check for the wildcard address. FreeBSD: ports up to <c>net.inet.ip.portrange.reservedhigh</c> need root.
/// Windows has no privileged ports. Port 0 never needs privileges.
/// </remarks>
internal static class PrivilegeRule
{
    internal static bool NeedsPrivilege(BindPlatform platform, IPAddress address, PortNumber port, PortNumber unprivilegedStart)
    {
        if (port.Value == 0 || port >= unprivilegedStart || platform == BindPlatform.Windows)
        {
            return false;
        }

        return platform != BindPlatform.MacOS || !BindText.IsWildcard(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    internal static string Privilege(BindPlatform platform) =>
        platform == BindPlatform.Linux ? "CAP_NET_BIND_SERVICE" : "root privileges";

    internal static string Remedy(BindPlatform platform, PortNumber unprivilegedStart) => platform switch
    {
        BindPlatform.Linux =>
            $"Use a port from {unprivilegedStart} up, give the program the capability (setcap cap_net_bind_service=+ep <program>, or AmbientCapabilities=CAP_NET_BIND_SERVICE in its systemd unit), or lower net.ipv4.ip_unprivileged_port_start.",
        BindPlatform.MacOS =>
            $"Bind the wildcard address (0.0.0.0 or [::]), which needs no privilege on macOS 10.14 and later, use a port from {unprivilegedStart} up, or run as root.",
        BindPlatform.FreeBsd =>
            $"Use a port from {unprivilegedStart} up, run as root, or lower net.inet.ip.portrange.reservedhigh.",
        _ => $"Use a port from {unprivilegedStart} up, or run with the privileges the OS asks for.",
    };
}
