using System.Net;

namespace PortClassification;

/// <summary>One row of an IP Helper table: what the decoder keeps of <c>MIB_*ROW_OWNER_PID</c>.</summary>
/// <param name="Transport">TCP or UDP, from the table that was decoded.</param>
/// <param name="LocalEndPoint">The local address and port.</param>
/// <param name="ProcessId">The <c>dwOwningPid</c> field; 0 when the OS attributes the socket to no process.</param>
/// <param name="State">The TCP state; every UDP row is <see cref="SocketState.Bound"/> (the UDP table has no state).</param>
/// <param name="RemoteEndPoint">The peer of a TCP connection; <see langword="null"/> for listeners and every UDP row (the UDP table has no remote end).</param>
internal readonly record struct IpHelperRow(
    Transport Transport, IPEndPoint LocalEndPoint, int ProcessId, SocketState State = SocketState.Listen, IPEndPoint? RemoteEndPoint = null);
