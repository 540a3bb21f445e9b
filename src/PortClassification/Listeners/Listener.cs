using System.Net;

namespace PortClassification;

/// <summary>
/// A socket that listens: a TCP socket in the LISTEN state, or a bound, unconnected UDP socket.
/// </summary>
/// <param name="Transport">The socket's transport, <see cref="PortClassification.Transport.Tcp"/> or <see cref="PortClassification.Transport.Udp"/>.</param>
/// <param name="LocalEndPoint">
/// The address and port the socket is bound to. The wildcard address is <see cref="IPAddress.Any"/> or
/// <see cref="IPAddress.IPv6Any"/>; an IPv4 socket is never reported as an IPv4-mapped IPv6 address; an
/// IPv6 link-local address carries its scope id where the OS reports one.
/// </param>
/// <param name="ProcessId">The id of the process that owns the socket, or <see langword="null"/> when it is unknown (not resolved, not permitted, or the process has exited).</param>
/// <param name="ProcessName">The short name of the owning process, or <see langword="null"/> when it is unknown.</param>
/// <remarks>
/// When several processes share one socket (after <c>fork</c>, for example), sources report one of them,
/// chosen deterministically: the one with the lowest process id. On Linux, where owners are found by searching
/// <c>/proc</c>, that is the lowest when the owner is first found, and later calls on the same source keep it while it
/// still holds the socket, so a short-lived child forked with a lower pid (after pid wrap-around) does not take over.
/// <see cref="LocalEndPoint"/> is an <see cref="IPEndPoint"/>, a mutable BCL class that snapshots share rather than
/// copy: treat it as read-only.
/// </remarks>
public sealed record Listener(Transport Transport, IPEndPoint LocalEndPoint, int? ProcessId, string? ProcessName)
{
    /// <summary>Gets the local port, the port of <see cref="LocalEndPoint"/>.</summary>
    public PortNumber Port => new(LocalEndPoint.Port);

    /// <summary>Gets the numeric id of the user that owns the socket, where the OS reports it (Linux); otherwise <see langword="null"/>.</summary>
    public int? UserId { get; init; }

    /// <summary>Gets the socket's inode number, where the OS has one (Linux); otherwise <see langword="null"/>.</summary>
    public ulong? SocketInode { get; init; }
}
