using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace PortClassification;

public sealed partial class PortAllocator
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LastRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>One connection attempt: <see langword="true"/> when a server accepted it; throws <see cref="SocketException"/> when it failed.</summary>
    /// <param name="endPoint">Where to connect.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    internal delegate ValueTask<bool> ConnectAttempt(IPEndPoint endPoint, CancellationToken cancellationToken);

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
        ValidateTimeout(timeout);
        return WaitCoreAsync([endPoint], optionalFrom: 1, timeout, ConnectOnceAsync, cancellationToken);
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
    /// <exception cref="TimeoutException">No connection succeeded within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// A server that binds <c>localhost</c> may take either address (or only <c>::1</c>, where <c>localhost</c>
    /// resolves to it first). On a host without IPv6, <c>::1</c> fails with "address not available" or
    /// "address family not supported"; that is not an error, and only <c>127.0.0.1</c> is tried from then on.
    /// </remarks>
    public static Task WaitForLoopbackListenerAsync(PortNumber port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ValidateTimeout(timeout);
        return WaitForLoopbackAsync(port, timeout, ConnectOnceAsync, cancellationToken);
    }

    /// <summary>Waits on both loopback addresses with a given way to connect; the seam for tests.</summary>
    internal static Task WaitForLoopbackAsync(PortNumber port, TimeSpan timeout, ConnectAttempt connect, CancellationToken cancellationToken) =>
        WaitCoreAsync([new IPEndPoint(IPAddress.Loopback, port.Value), new IPEndPoint(IPAddress.IPv6Loopback, port.Value)], optionalFrom: 1, timeout, connect, cancellationToken);

    /// <summary>Determines whether a connected socket is connected to itself (local and remote endpoints equal).</summary>
    /// <param name="socket">The connected socket.</param>
    /// <returns><see langword="true"/> for a self-connection.</returns>
    internal static bool IsSelfConnection(Socket socket) =>
        socket.LocalEndPoint is IPEndPoint local && local.Equals(socket.RemoteEndPoint);

    private static void ValidateTimeout(TimeSpan timeout)
    {
        if (timeout != Timeout.InfiniteTimeSpan && (timeout < TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be non-negative, or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>Retries rounds of connection attempts until one is accepted.</summary>
    /// <param name="endPoints">Where to connect, all at once in each round.</param>
    /// <param name="optionalFrom">Endpoints from this index on may not exist on the host (no IPv6): they are dropped, not errors.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="connect">Makes one connection attempt.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    private static async Task WaitCoreAsync(IPEndPoint[] endPoints, int optionalFrom, TimeSpan timeout, ConnectAttempt connect, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        CancellationToken token = timeoutSource.Token;
        var tried = new List<IPEndPoint>(endPoints);
        TimeSpan delay = FirstRetryDelay;
        try
        {
            while (!await AnyAcceptsAsync(endPoints, optionalFrom, tried, connect, token).ConfigureAwait(false))
            {
                await Task.Delay(delay, token).ConfigureAwait(false);
                delay = delay * 2 < LastRetryDelay ? delay * 2 : LastRetryDelay;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Nothing accepted a TCP connection at {string.Join(" or ", tried)} within {timeout.TotalMilliseconds:0} ms.");
        }
    }

    /// <summary>One round: connects to every endpoint still in <paramref name="tried"/> at once; true as soon as one is accepted.</summary>
    private static async Task<bool> AnyAcceptsAsync(IPEndPoint[] endPoints, int optionalFrom, List<IPEndPoint> tried, ConnectAttempt connect, CancellationToken token)
    {
        using var round = CancellationTokenSource.CreateLinkedTokenSource(token);

        // A list, not a dictionary: attempts that end synchronously may share one cached task.
        var attempts = new List<(Task<bool> Task, IPEndPoint EndPoint)>(tried.Count);
        foreach (IPEndPoint endPoint in tried)
        {
            attempts.Add((AttemptAsync(connect, endPoint, round.Token), endPoint));
        }

        bool accepted = false;
        try
        {
            while (attempts.Count > 0 && !accepted)
            {
                Task<bool> done = await Task.WhenAny(attempts.ConvertAll(a => a.Task)).ConfigureAwait(false);
                int index = attempts.FindIndex(a => a.Task == done);
                IPEndPoint endPoint = attempts[index].EndPoint;
                attempts.RemoveAt(index);
                try
                {
                    accepted = await done.ConfigureAwait(false);
                }
                catch (SocketException e) when (Array.IndexOf(endPoints, endPoint) >= optionalFrom && IsAbsentAddress(e.SocketErrorCode))
                {
                    // No IPv6 on this host: ::1 does not exist, which is not an error; keep waiting on the rest.
                    tried.Remove(endPoint);
                }
            }
        }
        finally
        {
            // The first acceptance ends the round: stop the other attempts and let them finish before returning.
            await round.CancelAsync().ConfigureAwait(false);
            foreach ((Task<bool> rest, _) in attempts)
            {
                await ((Task)rest).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        return accepted;
    }

    /// <summary>Runs one attempt; a refusal (nothing listening yet, or a full backlog) is <see langword="false"/>.</summary>
    private static async Task<bool> AttemptAsync(ConnectAttempt connect, IPEndPoint endPoint, CancellationToken token)
    {
        try
        {
            return await connect(endPoint, token).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.TimedOut
            or SocketError.ConnectionReset or SocketError.TryAgain or SocketError.NetworkUnreachable)
        {
            return false;
        }
    }

    private static bool IsAbsentAddress(SocketError error) =>
        error is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported;

    /// <summary>Connects once and closes the connection; a self-connection counts as refused.</summary>
    private static async ValueTask<bool> ConnectOnceAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);

        // The kernel may pick the target port as our local port, and TCP simultaneous open then connects the
        // socket to itself: nothing is listening.
        return !IsSelfConnection(socket);
    }
}
