using System.Net;

namespace PortClassification.Internal;

/// <summary>One listening socket as the Linux kernel describes it, before its owner is looked up.</summary>
/// <param name="Transport">TCP or UDP.</param>
/// <param name="LocalEndPoint">The bound address and port, normalized by <see cref="ListenerAddress"/>.</param>
/// <param name="UserId">The uid that owns the socket (<c>sock_i_uid</c>: usually the creator's effective uid).</param>
/// <param name="Inode">The socket's inode, the key that links it to <c>/proc/&lt;pid&gt;/fd</c> entries.</param>
internal readonly record struct LinuxSocketRecord(Transport Transport, IPEndPoint LocalEndPoint, uint UserId, ulong Inode);
