using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// One TCP or UDP socket on this host: its state, its two ends, and the process that owns it.
/// </summary>
/// <remarks>
/// <para>
/// End points follow the listener rules: an IPv4 socket (or an IPv6 socket carrying IPv4 traffic) is reported with
/// IPv4 addresses, never IPv4-mapped IPv6 ones; the wildcard is <see cref="IPAddress.Any"/> or
/// <see cref="IPAddress.IPv6Any"/>; an IPv6 link-local address carries its scope id where the OS reports one.
/// <see cref="RemoteEndPoint"/> is <see langword="null"/> exactly when <see cref="State"/> is
/// <see cref="SocketState.Listen"/> or <see cref="SocketState.Bound"/>.
/// </para>
/// <para>
/// The owner is unknown (<see langword="null"/>) when it was not asked for, the caller may not inspect the process, or
/// no process holds the socket any more: <c>TIME_WAIT</c> sockets, and on Linux connections the application has already
/// closed (orphaned <c>FIN_WAIT1</c>, <c>LAST_ACK</c>, <c>FIN_WAIT2</c>) and half-open <c>SYN_RECV</c> ones, belong to no
/// process. When several processes share a socket, the one with the lowest process id is reported.
/// </para>
/// <para>
/// Instances are immutable and thread-safe. Equality is reference equality. The <see cref="IPEndPoint"/> values are a
/// mutable BCL class, shared rather than copied: treat them as read-only.
/// </para>
/// </remarks>
public sealed class SocketEntry
{
    /// <summary>Initializes a new instance of the <see cref="SocketEntry"/> class.</summary>
    /// <param name="transport"><see cref="PortClassification.Transport.Tcp"/> or <see cref="PortClassification.Transport.Udp"/>.</param>
    /// <param name="state">The socket's state; it must exist for <paramref name="transport"/> (UDP is only <see cref="SocketState.Bound"/> or <see cref="SocketState.Connected"/>; TCP never <see cref="SocketState.Connected"/>).</param>
    /// <param name="localEndPoint">The local address and port; IPv4-mapped IPv6 addresses are stored as IPv4.</param>
    /// <param name="remoteEndPoint">The remote address and port; <see langword="null"/> exactly when <paramref name="state"/> is <see cref="SocketState.Listen"/> or <see cref="SocketState.Bound"/>.</param>
    /// <param name="processId">The owning process's id, or <see langword="null"/> when unknown.</param>
    /// <param name="processName">The owning process's short name, or <see langword="null"/> when unknown.</param>
    /// <param name="userId">The numeric id of the user that owns the socket, where the OS reports it (Linux); otherwise <see langword="null"/>.</param>
    /// <param name="socketInode">The socket's inode number, where the OS has one (Linux); otherwise <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="localEndPoint"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is neither TCP nor UDP, or <paramref name="state"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException"><paramref name="state"/> does not exist for <paramref name="transport"/>, or <paramref name="remoteEndPoint"/> is missing for a connected state or present for <see cref="SocketState.Listen"/>/<see cref="SocketState.Bound"/>.</exception>
    public SocketEntry(
        Transport transport,
        SocketState state,
        IPEndPoint localEndPoint,
        IPEndPoint? remoteEndPoint,
        int? processId = null,
        string? processName = null,
        int? userId = null,
        ulong? socketInode = null)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        if (transport is not (Transport.Tcp or Transport.Udp))
        {
            throw new ArgumentOutOfRangeException(nameof(transport), transport, "A socket entry is TCP or UDP.");
        }

        if (unchecked((uint)state) > (uint)SocketState.Connected)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "The state is not a defined SocketState value.");
        }

        if (transport == Transport.Udp ? state is not (SocketState.Bound or SocketState.Connected) : state == SocketState.Connected)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A {transport} socket cannot be in state {state}."), nameof(state));
        }

        bool unconnected = state is SocketState.Listen or SocketState.Bound;
        if (unconnected != remoteEndPoint is null)
        {
            throw new ArgumentException(
                unconnected ? $"A socket in state {state} has no remote end point." : $"A socket in state {state} needs a remote end point.",
                nameof(remoteEndPoint));
        }

        Transport = transport;
        State = state;
        LocalEndPoint = ListenerAddress.Normalize(localEndPoint);
        RemoteEndPoint = remoteEndPoint is null ? null : ListenerAddress.Normalize(remoteEndPoint);
        ProcessId = processId;
        ProcessName = processName;
        UserId = userId;
        SocketInode = socketInode;
    }

    /// <summary>Gets the socket's transport, <see cref="PortClassification.Transport.Tcp"/> or <see cref="PortClassification.Transport.Udp"/>.</summary>
    public Transport Transport { get; }

    /// <summary>Gets the socket's state.</summary>
    public SocketState State { get; }

    /// <summary>Gets the local address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Gets the remote address and port, or <see langword="null"/> for a socket that is not connected (<see cref="SocketState.Listen"/>, <see cref="SocketState.Bound"/>).</summary>
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>Gets the id of the process that owns the socket, or <see langword="null"/> when it is unknown.</summary>
    public int? ProcessId { get; }

    /// <summary>Gets the short name of the owning process, or <see langword="null"/> when it is unknown.</summary>
    public string? ProcessName { get; }

    /// <summary>Gets the numeric id of the user that owns the socket, where the OS reports it (Linux; 0 for sockets that belong to no process); otherwise <see langword="null"/>.</summary>
    public int? UserId { get; }

    /// <summary>Gets the socket's inode number, where the OS has one (Linux; 0 for sockets that belong to no process); otherwise <see langword="null"/>.</summary>
    public ulong? SocketInode { get; }

    /// <summary>Gets the local port, the port of <see cref="LocalEndPoint"/>.</summary>
    public PortNumber LocalPort => new(LocalEndPoint.Port);

    /// <summary>Gets the remote port, or <see langword="null"/> when the socket is not connected.</summary>
    public PortNumber? RemotePort => RemoteEndPoint is null ? null : new PortNumber(RemoteEndPoint.Port);

    /// <summary>Gets the address family of <see cref="LocalEndPoint"/>: <see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</summary>
    public AddressFamily AddressFamily => LocalEndPoint.AddressFamily;

    /// <summary>Gets a value indicating whether the socket is a listener: TCP in <see cref="SocketState.Listen"/>, or UDP in <see cref="SocketState.Bound"/>.</summary>
    public bool IsListener => Transport == Transport.Tcp ? State == SocketState.Listen : State == SocketState.Bound;

    /// <summary>Returns a one-line description such as <c>tcp Established 127.0.0.1:50000 -&gt; 127.0.0.1:8080 pid 42 (curl)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        string transport = Transport == Transport.Tcp ? "tcp" : "udp";
        string remote = RemoteEndPoint is null ? string.Empty : " -> " + RemoteEndPoint.ToString();
        string owner = ProcessId is int pid
            ? string.Create(CultureInfo.InvariantCulture, $" pid {pid}{(ProcessName is null ? string.Empty : " (" + ProcessName + ")")}")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{transport} {State} {LocalEndPoint}{remote}{owner}");
    }
}
