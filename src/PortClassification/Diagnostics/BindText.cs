using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;

namespace PortClassification;

/// <summary>The phrases findings are made of: sockets, their owners, lists.</summary>
internal static class BindText
{
    /// <summary>The most sockets a summary names; the rest are counted.</summary>
    internal const int MaxNamed = 3;

    internal static string Transport(Transport transport) => transport == PortClassification.Transport.Udp ? "udp" : "tcp";

    /// <summary>Says who owns a socket, or why that is not known; never a guess.</summary>
    internal static string Owner(SocketEntry socket, bool seesEveryOwner)
    {
        if (socket.ProcessId is int pid)
        {
            return socket.ProcessName is { } name
                ? string.Create(CultureInfo.InvariantCulture, $"pid {pid}, {name}")
                : string.Create(CultureInfo.InvariantCulture, $"pid {pid}");
        }

        if (socket.State == SocketState.TimeWait)
        {
            return "no process";
        }

        if (socket.UserId is int uid)
        {
            return seesEveryOwner
                ? string.Create(CultureInfo.InvariantCulture, $"uid {uid}, process unknown")
                : string.Create(CultureInfo.InvariantCulture, $"uid {uid}, process hidden from this user");
        }

        return seesEveryOwner ? "owner unknown" : "owner hidden from this user";
    }

    /// <summary>Describes one socket: <c>127.0.0.1:8080 (pid 42, nginx)</c> or <c>127.0.0.1:8080 -&gt; 127.0.0.1:50000 (no process)</c>.</summary>
    internal static string Socket(SocketEntry socket, bool seesEveryOwner) =>
        socket.RemoteEndPoint is { } remote
            ? $"{socket.LocalEndPoint} -> {remote} ({Owner(socket, seesEveryOwner)})"
            : $"{socket.LocalEndPoint} ({Owner(socket, seesEveryOwner)})";

    /// <summary>Lists sockets: at most <see cref="MaxNamed"/> by name, then how many more.</summary>
    internal static string Sockets(IReadOnlyList<SocketEntry> sockets, bool seesEveryOwner)
    {
        var text = new StringBuilder();
        int named = sockets.Count <= MaxNamed + 1 ? sockets.Count : MaxNamed;
        for (int i = 0; i < named; i++)
        {
            if (i > 0)
            {
                text.Append(i == named - 1 && named == sockets.Count ? " and " : ", ");
            }

            text.Append(Socket(sockets[i], seesEveryOwner));
        }

        if (named < sockets.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $" and {sockets.Count - named} more");
        }

        return text.ToString();
    }

    /// <summary>Whether any socket's owner is hidden from this user (a full view would show it).</summary>
    internal static bool AnyOwnerHidden(IReadOnlyList<SocketEntry> sockets, bool seesEveryOwner)
    {
        if (seesEveryOwner)
        {
            return false;
        }

        foreach (SocketEntry socket in sockets)
        {
            if (socket.ProcessId is null && socket.State != SocketState.TimeWait)
            {
                return true;
            }
        }

        return false;
    }

    internal static string Plural(int count, string one, string many) => count == 1 ? one : many;

    internal static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
}
