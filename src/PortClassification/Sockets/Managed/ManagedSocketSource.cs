using System.Collections.Generic;
using System.Net;
using System.Net.NetworkInformation;

namespace PortClassification;

/// <summary>
/// <see cref="Sockets.Default"/> where the library has no reader of its own (FreeBSD, others): <see cref="IPGlobalProperties"/>,
/// which knows no owners, no UDP remote ends (every UDP socket is listed as <see cref="SocketState.Bound"/>) and no
/// bound-only TCP sockets; each snapshot says so in a warning.
/// </summary>
internal sealed class ManagedSocketSource : ISocketSource
{
    private const string Limits =
        "System.Net.NetworkInformation knows no owning processes and no UDP remote ends: owners are unknown and every UDP socket is listed as Bound.";

    public string Name => "managed";

    public SocketSnapshot GetSockets(SocketQuery? query = null)
    {
        query ??= SocketQueryDefaults.Everything;
        IPGlobalProperties properties = IPGlobalProperties.GetIPGlobalProperties();
        var sockets = new List<SocketEntry>();
        if (query.Transport is null or Transport.Tcp)
        {
            foreach (IPEndPoint listener in properties.GetActiveTcpListeners())
            {
                Add(sockets, query, new SocketEntry(Transport.Tcp, SocketState.Listen, listener, null));
            }

            foreach (TcpConnectionInformation connection in properties.GetActiveTcpConnections())
            {
                if (Map(connection.State) is SocketState state)
                {
                    Add(sockets, query, new SocketEntry(Transport.Tcp, state, connection.LocalEndPoint, connection.RemoteEndPoint));
                }
            }
        }

        if (query.Transport is null or Transport.Udp)
        {
            foreach (IPEndPoint bound in properties.GetActiveUdpListeners())
            {
                Add(sockets, query, new SocketEntry(Transport.Udp, SocketState.Bound, bound, null));
            }
        }

        return SocketSnapshot.Wrap([.. sockets], Name, isComplete: true, [Limits]);
    }

    private static void Add(List<SocketEntry> sockets, SocketQuery query, SocketEntry entry)
    {
        if (query.Matches(entry))
        {
            sockets.Add(entry);
        }
    }

    private static SocketState? Map(TcpState state) => state switch
    {
        TcpState.Listen => SocketState.Listen,
        TcpState.SynSent => SocketState.SynSent,
        TcpState.SynReceived => SocketState.SynReceived,
        TcpState.Established => SocketState.Established,
        TcpState.FinWait1 => SocketState.FinWait1,
        TcpState.FinWait2 => SocketState.FinWait2,
        TcpState.CloseWait => SocketState.CloseWait,
        TcpState.Closing => SocketState.Closing,
        TcpState.LastAck => SocketState.LastAck,
        TcpState.TimeWait => SocketState.TimeWait,
        _ => null,
    };
}
