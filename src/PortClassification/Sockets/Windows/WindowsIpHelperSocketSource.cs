using System.Collections.Generic;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>
/// <see cref="Sockets.Default"/> on Windows: <c>GetExtendedTcpTable(TCP_TABLE_OWNER_PID_ALL)</c> and
/// <c>GetExtendedUdpTable(UDP_TABLE_OWNER_PID)</c>, read and decoded by the same code as the listener view
/// (<see cref="WindowsIpHelperListenerSource.ReadTable"/>, <see cref="IpHelperTableDecoder"/>).
/// </summary>
/// <remarks>
/// <para>
/// Not run on Windows by this project's CI: the decoding is tested with fixtures built from the documented layouts, and
/// the whole source under Wine (<c>build/windows-smoke.sh</c>).
/// </para>
/// <para>
/// What Windows does not give: the UDP owner table has no state and no remote end, so every UDP socket, connected or
/// not, is listed as <see cref="SocketState.Bound"/> (a warning says so); bound-only TCP sockets are not in the TCP
/// table (only <c>netstat -q</c> shows them); TIME_WAIT rows carry process id 0, reported as unknown.
/// </para>
/// </remarks>
[SupportedOSPlatform("windows")]
internal sealed class WindowsIpHelperSocketSource : ISocketSource
{
    internal const string UdpWarning =
        "Windows' UDP owner table has no state and no remote end: every UDP socket is listed as Bound, connected ones included.";

    public string Name => "windows-iphelper";

    public SocketSnapshot GetSockets(SocketQuery? query = null)
    {
        query ??= SocketQueryDefaults.Everything;
        var rows = new List<IpHelperRow>();
        List<string>? warnings = null;
        bool complete = true;
        foreach ((Transport transport, AddressFamily family) in WindowsIpHelperListenerSource.TablesFor(query.Transport, query.AddressFamily))
        {
            if (WindowsIpHelperListenerSource.ReadTable(transport, family, listenersOnly: false, rows) is { } warning)
            {
                (warnings ??= []).Add(warning);
                complete = false;
            }
        }

        if ((query.Transport is null or Transport.Udp) && (query.Includes(SocketState.Bound) || query.Includes(SocketState.Connected)))
        {
            (warnings ??= []).Add(UdpWarning);
        }

        Dictionary<int, string>? names = query.ResolveProcesses ? WindowsIpHelperListenerSource.ProcessNames(rows) : null;
        return SocketSnapshot.Wrap([.. IpHelperTableDecoder.ToEntries(rows, query, names)], Name, complete, warnings);
    }
}
