using System;
using System.Net;

namespace PortClassification;

/// <summary>
/// Answers "would this host's firewall accept a new inbound connection to this port?" by reading the firewall's rules
/// and evaluating them: nftables on Linux (also what iptables-nft, ufw, firewalld and Docker write), Windows Defender
/// Firewall on Windows, the application firewall on macOS.
/// </summary>
/// <remarks>
/// <para>
/// The question is about a connection's first packet from another host: it is not on the loopback interface, its
/// source port is unknown, and its source address is <c>from</c> when given and unknown otherwise. A definite verdict
/// is given only when every rule on its way was understood; a rule that depends on something else (the source
/// address, the input interface, a rate limit) gives <see cref="FirewallVerdict.Depends"/> with the condition, and
/// anything the evaluator does not model gives <see cref="FirewallVerdict.Unknown"/> naming it.
/// </para>
/// <para>
/// On Linux the rules of the caller's network namespace are read over netlink, which needs <c>CAP_NET_ADMIN</c>
/// (root); without it the verdict is <see cref="FirewallVerdict.Unknown"/>. Legacy (x_tables) iptables tables are
/// detected but not evaluated. Other filters (cloud security groups, a router, another host firewall) are not seen.
/// </para>
/// </remarks>
public static class HostFirewall
{
    /// <summary>Determines whether this host's firewall accepts a new inbound connection to a port.</summary>
    /// <param name="port">The local port.</param>
    /// <param name="transport">TCP or UDP.</param>
    /// <param name="from">The remote address, or <see langword="null"/> for any other host. Its family selects IPv4 or IPv6; without it both are checked.</param>
    /// <returns>The verdict with the deciding rules; never <see langword="null"/>.</returns>
    public static FirewallReport Check(PortNumber port, Transport transport = Transport.Tcp, IPAddress? from = null)
    {
        if (transport is not (Transport.Tcp or Transport.Udp))
        {
            return FirewallReport.Unknown(port, transport, from, "none", $"Only TCP and UDP are evaluated, not {transport}.");
        }

        if (OperatingSystem.IsLinux())
        {
            return LinuxFirewall.Check(port, transport, from);
        }

        if (OperatingSystem.IsWindows())
        {
            return WindowsFirewall.Check(port, transport, from);
        }

        if (OperatingSystem.IsMacOS())
        {
            return MacOSFirewall.Check(port, transport, from);
        }

        return FirewallReport.Unknown(port, transport, from, "none", "Reading the host firewall is supported on Linux, Windows and macOS only.");
    }
}
