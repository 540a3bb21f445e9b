using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace PortClassification;

public static partial class Listeners
{
    /// <summary>
    /// Waits until a server accepts TCP connections at an endpoint: connects, retrying with growing
    /// pauses (5 ms up to 100 ms) while the connection is refused, and closes the connection at once.
    /// </summary>
    /// <param name="endPoint">The endpoint, such as <c>127.0.0.1:61234</c>.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled.</param>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>A task that completes when a connection succeeds.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endPoint"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="TimeoutException">No connection succeeded within <paramref name="timeout"/>; the message says what the endpoint showed last.</exception>
    /// <exception cref="SocketException">Connecting failed with an error that waiting cannot cure (the address does not exist on this host, say).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task WaitForListenerAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ListenerWait.ValidateTimeout(timeout, nameof(timeout));
        return ListenerWait.WaitAsync([endPoint], ListenerCheck.Connect, timeout, cancellationToken);
    }

    /// <summary>
    /// Waits until a server accepts TCP connections on a port of either loopback address, <c>127.0.0.1</c> or
    /// <c>::1</c> — whichever accepts first — retrying both with growing pauses (5 ms up to 100 ms) while
    /// connections are refused, and closes the connection at once.
    /// </summary>
    /// <param name="port">The port.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled.</param>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>A task that completes when a connection to either loopback address succeeds.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="TimeoutException">No connection succeeded within <paramref name="timeout"/>; the message says what each address showed last.</exception>
    /// <exception cref="SocketException">Connecting to <c>127.0.0.1</c> failed with an error that waiting cannot cure.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// A server that binds <c>localhost</c> may take either address (or only <c>::1</c>, where <c>localhost</c>
    /// resolves to it first). On a host without IPv6, <c>::1</c> fails with "address not available" or
    /// "address family not supported"; that is not an error, and only <c>127.0.0.1</c> is tried from then on.
    /// </remarks>
    public static Task WaitForLoopbackListenerAsync(PortNumber port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ListenerWait.ValidateTimeout(timeout, nameof(timeout));
        return ListenerWait.WaitAsync(ListenerWait.Loopbacks(port.Value), ListenerCheck.Connect, timeout, cancellationToken);
    }

    /// <summary>
    /// Waits until a server on a port passes a check — accepts a TCP connection, or answers HTTP — on an
    /// address, or on whichever loopback (<c>127.0.0.1</c> or <c>::1</c>) passes first.
    /// </summary>
    /// <param name="port">The port.</param>
    /// <param name="address">The address to connect to; <see langword="null"/> tries <c>127.0.0.1</c> and <c>::1</c> (where the host has IPv6) at once.</param>
    /// <param name="check">What counts as ready: <see cref="ListenerCheck.Connect"/> or <see cref="ListenerCheck.Http"/>.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled.</param>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>The endpoint that passed the check.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="check"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="TimeoutException">Nothing passed within <paramref name="timeout"/>; the message says what each address showed last.</exception>
    /// <exception cref="SocketException">Connecting failed with an error that waiting cannot cure (the address does not exist on this host, say).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// Each attempt connects, applies the check and closes the connection; rounds of attempts are separated by
    /// pauses growing from 5 ms to 100 ms. A server listening only on <c>::1</c> (or only on <c>127.0.0.1</c>) is
    /// found without naming its address.
    /// </remarks>
    public static Task<IPEndPoint> WaitForListenerAsync(PortNumber port, IPAddress? address, ListenerCheck check, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        ListenerWait.ValidateTimeout(timeout, nameof(timeout));
        IPEndPoint[] endPoints = address is null ? ListenerWait.Loopbacks(port.Value) : [new IPEndPoint(address, port.Value)];
        return ListenerWait.WaitAsync(endPoints, check, timeout, cancellationToken);
    }
}
