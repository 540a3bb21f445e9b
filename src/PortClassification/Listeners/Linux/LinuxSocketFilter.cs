using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// What a Linux socket dump keeps: the states wanted per transport (bit <c>1 &lt;&lt; (int)SocketState</c>), an address
/// family and port conditions (-1 = any). The listener view is the slice TCP <see cref="SocketState.Listen"/> + UDP
/// <see cref="SocketState.Bound"/> of the same dump.
/// </summary>
internal readonly record struct LinuxSocketFilter(int TcpStates, int UdpStates, AddressFamily? Family, int LocalPort, int RemotePort, int EitherPort)
{
    internal const int ListenBit = 1 << (int)SocketState.Listen;
    internal const int BoundBit = 1 << (int)SocketState.Bound;
    internal const int ConnectedBit = 1 << (int)SocketState.Connected;

    /// <summary>Every state a TCP socket can be in.</summary>
    internal const int TcpStatesAll = ((1 << ((int)SocketState.Connected + 1)) - 1) & ~ConnectedBit;

    /// <summary>Every state a UDP socket can be in.</summary>
    internal const int UdpStatesAll = BoundBit | ConnectedBit;

    /// <summary>Gets the filter for a socket query.</summary>
    internal static LinuxSocketFilter From(SocketQuery query) => new(
        query.Transport is null or Transport.Tcp ? query.StateMask & TcpStatesAll : 0,
        query.Transport is null or Transport.Udp ? query.StateMask & UdpStatesAll : 0,
        query.AddressFamily,
        query.LocalPort?.Value ?? -1,
        query.RemotePort?.Value ?? -1,
        query.Port?.Value ?? -1);

    /// <summary>Gets the filter for a listener query: TCP in LISTEN, UDP not connected.</summary>
    internal static LinuxSocketFilter From(ListenerQuery query) => new(
        query.Transport is null or Transport.Tcp ? ListenBit : 0,
        query.Transport is null or Transport.Udp ? BoundBit : 0,
        query.AddressFamily,
        query.Port?.Value ?? -1,
        -1,
        -1);

    /// <summary>Gets the wanted states of one transport (0 for SCTP, DCCP: nothing to dump).</summary>
    internal int StatesFor(Transport transport) => transport switch
    {
        Transport.Tcp => TcpStates,
        Transport.Udp => UdpStates,
        _ => 0,
    };

    /// <summary>Determines whether a record passes every condition; the kernel may have applied some already.</summary>
    internal bool Matches(in LinuxSocketRecord record)
    {
        int local = record.LocalEndPoint.Port;
        int remote = record.RemoteEndPoint?.Port ?? -1;
        return (StatesFor(record.Transport) & (1 << (int)record.State)) != 0
            && (Family is null || Family == record.LocalEndPoint.AddressFamily)
            && (LocalPort < 0 || LocalPort == local)
            && (RemotePort < 0 || RemotePort == remote)
            && (EitherPort < 0 || EitherPort == local || EitherPort == remote);
    }
}

/// <summary>
/// The Linux socket states (<c>include/net/tcp_states.h</c>), shared by sock_diag (<c>idiag_state</c>, mask bits
/// <c>1 &lt;&lt; state</c>) and <c>/proc/net/*</c> (the hex <c>st</c> column), and their <see cref="SocketState"/> names.
/// </summary>
internal static class LinuxSocketStates
{
    internal const int Established = 1;
    internal const int SynSent = 2;
    internal const int SynRecv = 3;
    internal const int FinWait1 = 4;
    internal const int FinWait2 = 5;
    internal const int TimeWait = 6;
    internal const int Close = 7;
    internal const int CloseWait = 8;
    internal const int LastAck = 9;
    internal const int Listen = 10;
    internal const int Closing = 11;

    /// <summary><c>TCP_NEW_SYN_RECV</c>: request sockets; asked for with bit 12, reported as <see cref="SynRecv"/>.</summary>
    internal const int NewSynRecv = 12;

    /// <summary><c>TCP_BOUND_INACTIVE</c> (Linux 6.8): a query-only bit that dumps bound, unconnected, non-listening TCP sockets, reported as <see cref="Close"/>.</summary>
    internal const int BoundInactive = 13;

    /// <summary>Gets the <c>idiag_states</c> mask that asks the kernel for the given <see cref="SocketState"/> bits of one transport.</summary>
    internal static uint KernelMask(Transport transport, int states)
    {
        uint mask = 0;
        for (int s = 0; s <= (int)SocketState.Connected; s++)
        {
            if ((states & (1 << s)) == 0)
            {
                continue;
            }

            mask |= (transport, (SocketState)s) switch
            {
                (Transport.Udp, SocketState.Bound) => 1u << Close,
                (Transport.Udp, SocketState.Connected) => 1u << Established,
                (Transport.Udp, _) => 0u,
                (_, SocketState.Listen) => 1u << Listen,
                (_, SocketState.Bound) => 1u << BoundInactive,
                (_, SocketState.Established) => 1u << Established,
                (_, SocketState.SynSent) => 1u << SynSent,
                (_, SocketState.SynReceived) => (1u << SynRecv) | (1u << NewSynRecv),
                (_, SocketState.FinWait1) => 1u << FinWait1,
                (_, SocketState.FinWait2) => 1u << FinWait2,
                (_, SocketState.CloseWait) => 1u << CloseWait,
                (_, SocketState.Closing) => 1u << Closing,
                (_, SocketState.LastAck) => 1u << LastAck,
                (_, SocketState.TimeWait) => 1u << TimeWait,
                _ => 0u,
            };
        }

        return mask;
    }

    /// <summary>Names a reported state; <see langword="false"/> for a value that is no state of the transport.</summary>
    /// <remarks>TCP <see cref="Close"/> is only reported for bound-only sockets (the bit-13 walk), so it is <see cref="SocketState.Bound"/>.</remarks>
    internal static bool TryMap(Transport transport, int kernelState, out SocketState state)
    {
        state = (transport, kernelState) switch
        {
            (Transport.Udp, Close) => SocketState.Bound,
            (Transport.Udp, Established) => SocketState.Connected,
            (Transport.Udp, _) => (SocketState)(-1),
            (_, Established) => SocketState.Established,
            (_, SynSent) => SocketState.SynSent,
            (_, SynRecv or NewSynRecv) => SocketState.SynReceived,
            (_, FinWait1) => SocketState.FinWait1,
            (_, FinWait2) => SocketState.FinWait2,
            (_, TimeWait) => SocketState.TimeWait,
            (_, Close) => SocketState.Bound,
            (_, CloseWait) => SocketState.CloseWait,
            (_, LastAck) => SocketState.LastAck,
            (_, Listen) => SocketState.Listen,
            (_, Closing) => SocketState.Closing,
            _ => (SocketState)(-1),
        };
        return state >= 0;
    }
}
