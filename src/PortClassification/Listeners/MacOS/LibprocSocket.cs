using System.Net;

namespace PortClassification;

/// <summary>A TCP or UDP socket decoded from one <c>struct socket_fdinfo</c>.</summary>
/// <param name="Transport">TCP or UDP.</param>
/// <param name="LocalEndPoint">The local address and port.</param>
/// <param name="SocketHandle">
/// <c>soi_so</c>, the kernel's opaque (permuted) handle of the socket: the same in every process that shares the
/// socket, so it identifies one socket across a walk.
/// </param>
/// <param name="State">The socket's state (<c>tcpsi_state</c> for TCP; for UDP, connected when the foreign port is set).</param>
/// <param name="RemoteEndPoint">The foreign address and port; <see langword="null"/> for listeners and bound sockets.</param>
internal readonly record struct LibprocSocket(
    Transport Transport, IPEndPoint LocalEndPoint, ulong SocketHandle, SocketState State = SocketState.Listen, IPEndPoint? RemoteEndPoint = null)
{
    /// <summary>Gets a value indicating whether the socket is a listener (TCP LISTEN, or UDP bound and not connected).</summary>
    internal bool IsListener => Transport == Transport.Tcp ? State == SocketState.Listen : State == SocketState.Bound;
}
