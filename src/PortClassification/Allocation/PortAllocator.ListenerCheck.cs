using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace PortClassification;

public sealed partial class PortAllocator
{
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
