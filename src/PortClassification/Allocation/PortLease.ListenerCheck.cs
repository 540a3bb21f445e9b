using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace PortClassification;

public sealed partial class PortLease
{
    /// <summary>
    /// Waits until the server on <see cref="Port"/> passes a check — accepts a TCP connection, or answers an
    /// HTTP request such as <c>GET /health</c> — on an address, or on whichever loopback passes first.
    /// </summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled.</param>
    /// <param name="check">What counts as ready: <see cref="ListenerCheck.Connect"/>, or <see cref="ListenerCheck.Http"/> (any response, or 2xx only).</param>
    /// <param name="address">The address to connect to; <see langword="null"/> tries <c>127.0.0.1</c> and <c>::1</c> (where the host has IPv6) at once.</param>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>A task that completes with the endpoint that passed the check.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="check"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or too large.</exception>
    /// <exception cref="TimeoutException">Nothing passed within <paramref name="timeout"/>; the message says what each address showed last.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<IPEndPoint> WaitForListenerAsync(TimeSpan timeout, ListenerCheck check, IPAddress? address = null, CancellationToken cancellationToken = default) =>
        Listeners.WaitForListenerAsync(Port, address, check, timeout, cancellationToken);
}
