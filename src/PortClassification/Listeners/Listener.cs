using System;
using System.Globalization;
using System.Net;

namespace PortClassification;

/// <summary>
/// A socket that listens: a TCP socket in the LISTEN state, or a bound, unconnected UDP socket.
/// </summary>
/// <remarks>
/// <para>
/// When several processes share one socket (after <c>fork</c>, for example), sources report one of them,
/// chosen deterministically: the one with the lowest process id. On Linux, where owners are found by searching
/// <c>/proc</c>, that is the lowest when the owner is first found, and later calls on the same source keep it while it
/// still holds the socket, so a short-lived child forked with a lower pid (after pid wrap-around) does not take over.
/// </para>
/// <para>
/// Instances are immutable and thread-safe. Two listeners are equal when every property is equal (the end point by
/// value), so a listener found twice compares equal. <see cref="LocalEndPoint"/> is an <see cref="IPEndPoint"/>, a
/// mutable BCL class that snapshots share rather than copy: treat it as read-only.
/// </para>
/// </remarks>
public sealed class Listener : IEquatable<Listener>
{
    /// <summary>Initializes a new instance of the <see cref="Listener"/> class.</summary>
    /// <param name="transport">The socket's transport, <see cref="PortClassification.Transport.Tcp"/> or <see cref="PortClassification.Transport.Udp"/>.</param>
    /// <param name="localEndPoint">The address and port the socket is bound to; an IPv4-mapped IPv6 address is stored as IPv4.</param>
    /// <param name="processId">The id of the process that owns the socket, or <see langword="null"/> when it is unknown.</param>
    /// <param name="processName">The short name of the owning process, or <see langword="null"/> when it is unknown.</param>
    /// <param name="userId">The numeric id of the user that owns the socket, where the OS reports it (Linux); otherwise <see langword="null"/>.</param>
    /// <param name="socketInode">The socket's inode number, where the OS has one (Linux); otherwise <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="localEndPoint"/> is <see langword="null"/>.</exception>
    public Listener(Transport transport, IPEndPoint localEndPoint, int? processId = null, string? processName = null, int? userId = null, ulong? socketInode = null)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        Transport = transport;
        LocalEndPoint = ListenerAddress.Normalize(localEndPoint);
        ProcessId = processId;
        ProcessName = processName;
        UserId = userId;
        SocketInode = socketInode;
    }

    /// <summary>Gets the socket's transport, <see cref="PortClassification.Transport.Tcp"/> or <see cref="PortClassification.Transport.Udp"/>.</summary>
    public Transport Transport { get; }

    /// <summary>
    /// Gets the address and port the socket is bound to. The wildcard address is <see cref="IPAddress.Any"/> or
    /// <see cref="IPAddress.IPv6Any"/>; an IPv4 socket is never reported as an IPv4-mapped IPv6 address; an
    /// IPv6 link-local address carries its scope id where the OS reports one.
    /// </summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Gets the id of the process that owns the socket, or <see langword="null"/> when it is unknown (not resolved, not permitted, or the process has exited).</summary>
    public int? ProcessId { get; }

    /// <summary>Gets the short name of the owning process, or <see langword="null"/> when it is unknown.</summary>
    public string? ProcessName { get; }

    /// <summary>Gets the numeric id of the user that owns the socket, where the OS reports it (Linux); otherwise <see langword="null"/>.</summary>
    public int? UserId { get; }

    /// <summary>Gets the socket's inode number, where the OS has one (Linux); otherwise <see langword="null"/>.</summary>
    public ulong? SocketInode { get; }

    /// <summary>Gets the local port, the port of <see cref="LocalEndPoint"/>.</summary>
    public PortNumber Port => new(LocalEndPoint.Port);

    /// <summary>Determines whether another listener has the same transport, end point, owner, user and inode.</summary>
    /// <param name="other">The listener to compare with.</param>
    /// <returns><see langword="true"/> if every property is equal; otherwise, <see langword="false"/>.</returns>
    public bool Equals(Listener? other) =>
        other is not null &&
        (ReferenceEquals(this, other) ||
         (Transport == other.Transport && LocalEndPoint.Equals(other.LocalEndPoint) && ProcessId == other.ProcessId &&
          string.Equals(ProcessName, other.ProcessName, StringComparison.Ordinal) && UserId == other.UserId && SocketInode == other.SocketInode));

    /// <summary>Determines whether an object is a <see cref="Listener"/> equal to this one.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> if <paramref name="obj"/> is an equal listener; otherwise, <see langword="false"/>.</returns>
    public override bool Equals(object? obj) => Equals(obj as Listener);

    /// <summary>Returns a hash code consistent with <see cref="Equals(Listener)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Transport, LocalEndPoint, ProcessId, ProcessName, UserId, SocketInode);

    /// <summary>Returns a one-line description such as <c>tcp 127.0.0.1:8080 pid 42 (nginx)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        string transport = Transport switch
        {
            Transport.Tcp => "tcp",
            Transport.Udp => "udp",
            _ => Transport.ToString().ToLowerInvariant(),
        };
        string owner = ProcessId is int pid
            ? string.Create(CultureInfo.InvariantCulture, $" pid {pid}{(ProcessName is null ? string.Empty : " (" + ProcessName + ")")}")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{transport} {LocalEndPoint}{owner}");
    }
}
