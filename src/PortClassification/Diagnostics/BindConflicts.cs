using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// Explains "address already in use" from the socket table: which sockets on the port overlap the address asked
/// about, grouped into findings. Pure: sockets in, findings out.
/// </summary>
/// <remarks>
/// Two binds on one port overlap when their addresses do (research/sockets.md §7.2–7.3, measured on Linux 6.18): the
/// same address; a wildcard (<c>0.0.0.0</c>, <c>[::]</c>) and any address of its family; and a dual-stack <c>[::]</c>
/// socket and any IPv4 address. The table does not say whether a <c>[::]</c> socket is dual-stack
/// (<c>IPV6_V6ONLY</c> off), so a <c>[::]</c> socket is named as covering an IPv4 address only when no IPv4 socket
/// explains the failure — the bind failed, so something overlaps, and it is then the only candidate. Windows'
/// <c>TIME_WAIT</c> connections never stop a bind there, so they are left out on Windows.
/// </remarks>
internal static class BindConflicts
{
    internal static List<BindFinding> Find(
        IPEndPoint target,
        Transport transport,
        IReadOnlyList<SocketEntry> sockets,
        BindPlatform platform,
        bool seesEveryOwner,
        bool? reuseWorks,
        PortInterval? ephemeralRange)
    {
        IPAddress address = target.Address.IsIPv4MappedToIPv6 ? target.Address.MapToIPv4() : target.Address;
        var direct = new List<SocketEntry>();
        var crossFamily = new List<SocketEntry>();
        foreach (SocketEntry socket in sockets)
        {
            if (socket.Transport != transport || socket.LocalEndPoint.Port != target.Port ||
                (platform == BindPlatform.Windows && socket.State == SocketState.TimeWait))
            {
                continue;
            }

            IPAddress other = socket.LocalEndPoint.Address;
            if (other.AddressFamily == address.AddressFamily)
            {
                if (address.Equals(other) || BindText.IsWildcard(address) || BindText.IsWildcard(other))
                {
                    direct.Add(socket);
                }
            }
            else if (other.Equals(IPAddress.IPv6Any) || (address.Equals(IPAddress.IPv6Any) && platform != BindPlatform.Windows))
            {
                // A dual-stack [::] holder covers IPv4; a [::] bind (dual-stack by default except on Windows) needs IPv4 too.
                crossFamily.Add(socket);
            }
        }

        List<SocketEntry> involved = direct.Count > 0 ? direct : crossFamily;
        var groups = new Dictionary<BindFindingKind, List<SocketEntry>>();
        foreach (SocketEntry socket in involved)
        {
            BindFindingKind kind = KindOf(socket, address);
            if (!groups.TryGetValue(kind, out List<SocketEntry>? group))
            {
                groups[kind] = group = [];
            }

            group.Add(socket);
        }

        var findings = new List<BindFinding>(groups.Count);
        foreach (BindFindingKind kind in (BindFindingKind[])[BindFindingKind.HeldByListener, BindFindingKind.HeldByBoundSocket,
            BindFindingKind.CoveredByWildcard, BindFindingKind.HeldByConnection, BindFindingKind.TimeWaitRemnants])
        {
            if (groups.TryGetValue(kind, out List<SocketEntry>? group))
            {
                findings.Add(Describe(kind, group, target, address, transport, seesEveryOwner, reuseWorks, ephemeralRange));
            }
        }

        return findings;
    }

    private static BindFindingKind KindOf(SocketEntry socket, IPAddress target)
    {
        IPAddress holder = socket.LocalEndPoint.Address;
        bool covered = holder.AddressFamily == target.AddressFamily
            ? BindText.IsWildcard(holder) && !BindText.IsWildcard(target)
            : holder.Equals(IPAddress.IPv6Any);
        if (covered)
        {
            return BindFindingKind.CoveredByWildcard;
        }

        return socket.State switch
        {
            SocketState.Listen => BindFindingKind.HeldByListener,
            SocketState.Bound => socket.Transport == Transport.Udp ? BindFindingKind.HeldByListener : BindFindingKind.HeldByBoundSocket,
            SocketState.TimeWait => BindFindingKind.TimeWaitRemnants,
            _ => BindFindingKind.HeldByConnection,
        };
    }

    private static BindFinding Describe(
        BindFindingKind kind,
        List<SocketEntry> sockets,
        IPEndPoint target,
        IPAddress address,
        Transport transport,
        bool seesEveryOwner,
        bool? reuseWorks,
        PortInterval? ephemeralRange)
    {
        string list = BindText.Sockets(sockets, seesEveryOwner);
        int n = sockets.Count;
        string hidden = BindText.AnyOwnerHidden(sockets, seesEveryOwner)
            ? " Run as root (or an administrator) to see which process owns it; this user may not inspect it."
            : "";
        string port = target.Port.ToString(CultureInfo.InvariantCulture);
        string needsIPv4 = address.Equals(IPAddress.IPv6Any) && sockets[0].AddressFamily == AddressFamily.InterNetwork
            ? " (a [::] bind without IPV6_V6ONLY needs the IPv4 port too)"
            : "";
        switch (kind)
        {
            case BindFindingKind.HeldByListener:
                return new BindFinding(
                    kind,
                    blocks: true,
                    $"{(n == 1 ? "A listener" : $"{n} listeners")} on {list} {BindText.Plural(n, "holds", "hold")} the port{needsIPv4}.",
                    "Stop that server, or use another port." + hidden,
                    sockets);

            case BindFindingKind.HeldByBoundSocket:
                return new BindFinding(
                    kind,
                    blocks: true,
                    $"{(n == 1 ? "A socket" : $"{n} sockets")} bound to {list} but not listening {BindText.Plural(n, "holds", "hold")} the port{needsIPv4}: a program reserved it (a port allocator's guard socket, or a bind before listen or connect).",
                    "If the program that holds it is yours, let it bind with SO_REUSEADDR or release the socket; otherwise stop it or use another port." + hidden,
                    sockets);

            case BindFindingKind.CoveredByWildcard:
            {
                bool dualStack = sockets[0].LocalEndPoint.Address.AddressFamily != address.AddressFamily;
                string what = dualStack
                    ? $"an IPv6 socket on [::] without IPV6_V6ONLY (dual-stack) also holds IPv4 port {port}"
                    : "a socket on the wildcard address holds the port on every address of its family";
                return new BindFinding(
                    kind,
                    blocks: true,
                    $"{(n == 1 ? "A socket" : $"{n} sockets")} on {list} {BindText.Plural(n, "covers", "cover")} {address}: {what}.",
                    (dualStack
                        ? "Stop that server, use another port, or have it set IPV6_V6ONLY so that it leaves IPv4 to others."
                        : "Stop that server or use another port; binding a specific address does not get around a wildcard socket.") + hidden,
                    sockets);
            }

            case BindFindingKind.HeldByConnection:
            {
                string ephemeral = ephemeralRange is { } range && range.Contains(new PortNumber(target.Port))
                    ? $" The port is in the ephemeral range {range}, where the OS picks ports for outgoing connections: choose a port outside it."
                    : "";
                return new BindFinding(
                    kind,
                    blocks: true,
                    $"{(n == 1 ? "A connection uses" : $"{n} connections use")} port {port} as {BindText.Plural(n, "its", "their")} local port: {list}.",
                    "Wait until the connection closes, stop its process, or use another port." + ephemeral + hidden,
                    sockets);
            }

            default:
            {
                string reuse = reuseWorks switch
                {
                    true => "A bind with SO_REUSEADDR works now: set it before bind, as .NET, nginx, Node.js and Go do.",
                    false => "Even a bind with SO_REUSEADDR fails now, because the socket that left them did not set it: wait until they expire, and set SO_REUSEADDR in the server (.NET, nginx, Node.js and Go set it).",
                    null => "Set SO_REUSEADDR before bind, as .NET, nginx, Node.js and Go do, or wait until they expire.",
                };
                return new BindFinding(
                    kind,
                    blocks: true,
                    $"{(n == 1 ? "A closed connection" : $"{n} closed connections")} on port {port} {BindText.Plural(n, "is", "are")} in TIME_WAIT ({list}); they belong to no process and stop binds without SO_REUSEADDR until they expire (60 s on Linux).",
                    reuse,
                    sockets);
            }
        }
    }
}
