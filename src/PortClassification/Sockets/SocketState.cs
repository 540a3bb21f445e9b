namespace PortClassification;

/// <summary>
/// The state of a socket in a <see cref="SocketSnapshot"/>: the TCP states of RFC 9293, plus <see cref="Bound"/> and
/// <see cref="Connected"/> for sockets that have no TCP state.
/// </summary>
/// <remarks>
/// <para>
/// A listener is a socket in <see cref="Listen"/> (TCP) or <see cref="Bound"/> (UDP) state. TCP sockets are never
/// <see cref="Connected"/>; UDP sockets are only <see cref="Bound"/> or <see cref="Connected"/>.
/// </para>
/// <para>
/// Not every OS reports every state: Windows' owner tables carry no bound-only TCP sockets and no state for UDP (every
/// UDP socket is reported <see cref="Bound"/>); macOS lists only sockets that still have a file descriptor, so no
/// <see cref="TimeWait"/>. The values are this library's own and match no OS numbering.
/// </para>
/// </remarks>
public enum SocketState
{
    /// <summary>A TCP socket waiting for connections (<c>LISTEN</c>).</summary>
    Listen = 0,

    /// <summary>
    /// A socket with a local port and nothing else: a UDP socket that is not connected, or a TCP socket that is bound
    /// but neither listening nor connected (a guard socket, or a bind before connect; Linux 6.8 or later reports these).
    /// </summary>
    Bound = 1,

    /// <summary>A TCP connection that is open in both directions (<c>ESTABLISHED</c>).</summary>
    Established = 2,

    /// <summary>A TCP socket that sent a SYN and waits for the answer (<c>SYN-SENT</c>): an outgoing connection being made.</summary>
    SynSent = 3,

    /// <summary>A TCP connection that received a SYN and answered it, and waits for the final ACK (<c>SYN-RECEIVED</c>).</summary>
    SynReceived = 4,

    /// <summary>A TCP connection this side has closed, whose FIN is not yet acknowledged (<c>FIN-WAIT-1</c>).</summary>
    FinWait1 = 5,

    /// <summary>A TCP connection this side has closed, waiting for the peer to close (<c>FIN-WAIT-2</c>).</summary>
    FinWait2 = 6,

    /// <summary>A TCP connection the peer has closed, waiting for this side's application to close (<c>CLOSE-WAIT</c>).</summary>
    CloseWait = 7,

    /// <summary>A TCP connection both sides closed at once, waiting for the last acknowledgement (<c>CLOSING</c>).</summary>
    Closing = 8,

    /// <summary>A TCP connection closed by the peer and then by this side, waiting for the last acknowledgement (<c>LAST-ACK</c>).</summary>
    LastAck = 9,

    /// <summary>
    /// A closed TCP connection that the side which closed first keeps for a while (60 s on Linux) so that late segments
    /// are not taken for a new connection (<c>TIME-WAIT</c>); it belongs to no process, but still holds its four-tuple.
    /// </summary>
    TimeWait = 10,

    /// <summary>A UDP socket connected to one remote end point (<c>connect</c> was called on it).</summary>
    Connected = 11,
}
