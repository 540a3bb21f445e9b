using System.Net;

namespace PortClassification;

/// <summary>One socket as the Linux kernel describes it, before its owner is looked up.</summary>
/// <param name="Transport">TCP or UDP.</param>
/// <param name="LocalEndPoint">The bound address and port, normalized by <see cref="ListenerAddress"/>.</param>
/// <param name="UserId">The uid that owns the socket (<c>sock_i_uid</c>: usually the creator's effective uid; 0 for TIME_WAIT and request sockets).</param>
/// <param name="Inode">The socket's inode, the key that links it to <c>/proc/&lt;pid&gt;/fd</c> entries; 0 for sockets no process holds.</param>
/// <param name="State">The socket's state.</param>
/// <param name="RemoteEndPoint">The peer's address and port; <see langword="null"/> for <see cref="SocketState.Listen"/> and <see cref="SocketState.Bound"/>.</param>
internal readonly record struct LinuxSocketRecord(
    Transport Transport, IPEndPoint LocalEndPoint, uint UserId, ulong Inode, SocketState State = SocketState.Listen, IPEndPoint? RemoteEndPoint = null);
