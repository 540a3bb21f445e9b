using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace PortClassification;

public sealed partial class PortAllocator
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LastRetryDelay = TimeSpan.FromMilliseconds(100);

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
    /// <exception cref="TimeoutException">No connection succeeded within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task WaitForListenerAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (timeout != Timeout.InfiniteTimeSpan && (timeout < TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be non-negative, or Timeout.InfiniteTimeSpan.");
        }

        return WaitCoreAsync(endPoint, timeout, cancellationToken);
    }

    private static async Task WaitCoreAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        CancellationToken token = timeoutSource.Token;
        TimeSpan delay = FirstRetryDelay;
        try
        {
            while (true)
            {
                using (var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
                {
                    try
                    {
                        await socket.ConnectAsync(endPoint, token).ConfigureAwait(false);
                        if (!IsSelfConnection(socket))
                        {
                            return;
                        }

                        // The kernel picked the target port as our local port and TCP simultaneous open
                        // connected the socket to itself: nothing is listening; treat it as refused.
                    }
                    catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.TimedOut
                        or SocketError.ConnectionReset or SocketError.TryAgain or SocketError.NetworkUnreachable)
                    {
                        // Not listening yet (or the backlog is full); try again shortly.
                    }
                }

                await Task.Delay(delay, token).ConfigureAwait(false);
                delay = delay * 2 < LastRetryDelay ? delay * 2 : LastRetryDelay;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Nothing accepted a TCP connection at {endPoint} within {timeout.TotalMilliseconds:0} ms.");
        }
    }

    /// <summary>Determines whether a connected socket is connected to itself (local and remote endpoints equal).</summary>
    /// <param name="socket">The connected socket.</param>
    /// <returns><see langword="true"/> for a self-connection.</returns>
    internal static bool IsSelfConnection(Socket socket) =>
        socket.LocalEndPoint is IPEndPoint local && local.Equals(socket.RemoteEndPoint);
}
