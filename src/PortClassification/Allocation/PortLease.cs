using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace PortClassification;

/// <summary>
/// A port handed out by a <see cref="PortAllocator"/>, protected from every other allocator — in this
/// process and in others — until the lease is disposed.
/// </summary>
/// <remarks>
/// <para>
/// Bind a server to <see cref="Port"/> while the lease is alive, or call <see cref="TakeSocket"/> to get
/// a socket that is already bound (and, for TCP, listening), which leaves no window at all.
/// </para>
/// <para>
/// Disposing releases the port; so do finalization and the end of the process, however it ends: the
/// cross-process claim is a file lock and a socket, which the operating system drops with the process.
/// Disposing twice is harmless. Members are thread-safe.
/// </para>
/// <para>
/// Keep the lease alive until the server has bound the port: <c>using var lease = allocator.Lease();</c>.
/// Writing <c>var port = allocator.Lease().Port;</c> drops the lease at once, and the garbage collector
/// may then finalize it — releasing the port to every other allocator — before the server binds.
/// </para>
/// </remarks>
public sealed partial class PortLease : IDisposable
{
    private readonly IDisposable?[] _claims;
    private readonly List<Socket> _guards;
    private readonly bool _bothTransports;
    private int _disposed;

    internal PortLease(PortNumber port, Transport transport, bool bothTransports, IDisposable?[] claims, List<Socket> guards)
    {
        Port = port;
        Transport = transport;
        _bothTransports = bothTransports;
        _claims = claims;
        _guards = guards;
    }

    /// <summary>Finalizes an instance of the <see cref="PortLease"/> class, releasing a lease that was never disposed.</summary>
    ~PortLease() => Release();

    /// <summary>Gets the leased port.</summary>
    public PortNumber Port { get; }

    /// <summary>Gets the transport the port was leased for.</summary>
    public Transport Transport { get; }

    /// <summary>Gets a value indicating whether the lease has been disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Creates a socket bound to <see cref="Port"/> on an address — listening, for TCP — and gives it to
    /// the caller, so a server can adopt it with no window in which another program could take the port.
    /// </summary>
    /// <param name="address">The local address; <see langword="null"/> means <see cref="IPAddress.Loopback"/>.</param>
    /// <param name="backlog">The TCP listen backlog.</param>
    /// <returns>The socket; the caller owns it, and it stays valid after the lease is disposed.</returns>
    /// <exception cref="ObjectDisposedException">The lease has been disposed.</exception>
    /// <exception cref="SocketException">The port cannot be bound on <paramref name="address"/> (something bound it since it was leased).</exception>
    public Socket TakeSocket(IPAddress? address = null, int backlog = (int)SocketOptionName.MaxConnections)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        address ??= IPAddress.Loopback;
        bool tcp = Transport != Transport.Udp;
        var socket = new Socket(address.AddressFamily, tcp ? SocketType.Stream : SocketType.Dgram, tcp ? ProtocolType.Tcp : ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, Port.Value));
            if (tcp)
            {
                socket.Listen(backlog);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Waits until a server accepts TCP connections on <see cref="Port"/> at an address, or at either loopback address.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled.</param>
    /// <param name="address">
    /// The address to connect to; <see langword="null"/> means whichever of <c>127.0.0.1</c> and <c>::1</c> accepts
    /// first (see <see cref="Listeners.WaitForLoopbackListenerAsync"/>).
    /// </param>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>A task that completes when a connection succeeds.</returns>
    /// <exception cref="TimeoutException">No connection succeeded within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    public Task WaitForListenerAsync(TimeSpan timeout, IPAddress? address = null, CancellationToken cancellationToken = default) =>
        address is null
            ? Listeners.WaitForLoopbackListenerAsync(Port, timeout, cancellationToken)
            : Listeners.WaitForListenerAsync(new IPEndPoint(address, Port.Value), timeout, cancellationToken);

    /// <summary>Releases the port: other allocators may hand it out again.</summary>
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Returns the port and transport, such as <c>61234/tcp</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Concat(Port.ToString(), _bothTransports ? "/tcp+udp" : Transport == Transport.Udp ? "/udp" : "/tcp");

    private void Release()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        ReleaseHeld(Port, Transport, _bothTransports, _claims, _guards);
    }

    /// <summary>
    /// Gives back everything a lease holds, or a half-made lease held when it failed: guard sockets, then
    /// cross-process claims, then the in-process entries, which until now also kept this process's other
    /// allocators off the port.
    /// </summary>
    internal static void ReleaseHeld(PortNumber port, Transport transport, bool bothTransports, IDisposable?[] claims, List<Socket> guards)
    {
        foreach (Socket guard in guards)
        {
            guard.Dispose();
        }

        foreach (IDisposable? claim in claims)
        {
            claim?.Dispose();
        }

        LeaseTable.Remove(port, transport);
        if (bothTransports)
        {
            LeaseTable.Remove(port, transport == Transport.Udp ? Transport.Tcp : Transport.Udp);
        }
    }
}
