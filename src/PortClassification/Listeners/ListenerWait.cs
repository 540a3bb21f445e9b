using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PortClassification;

/// <summary>
/// The one engine behind every listener wait: each round tries every endpoint at once, the first to pass a
/// <see cref="ListenerCheck"/> wins, and a round where none passes is followed by a growing pause (5 ms up to 100 ms).
/// What each endpoint last showed goes into the timeout message.
/// </summary>
/// <remarks>
/// A refusal, reset, timeout or unreachable network means "not ready yet". <c>::1</c> tried beside another endpoint
/// (a wait without an address) is optional: where it does not exist (no IPv6, or IPv6 disabled) it is dropped, not an
/// error. Any other socket error cannot be cured by waiting and is thrown at once.
/// </remarks>
internal static class ListenerWait
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LastDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>One connection attempt: <see langword="true"/> when a server accepted it; throws <see cref="SocketException"/> when it failed. The seam for tests.</summary>
    /// <param name="endPoint">Where to connect.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    internal delegate ValueTask<bool> ConnectAttempt(IPEndPoint endPoint, CancellationToken cancellationToken);

    /// <summary>Gets the endpoints a wait without an address tries: 127.0.0.1, then ::1 (optional: dropped where the host has no IPv6).</summary>
    /// <param name="port">The port.</param>
    /// <returns>The endpoints.</returns>
    public static IPEndPoint[] Loopbacks(int port) => [new IPEndPoint(IPAddress.Loopback, port), new IPEndPoint(IPAddress.IPv6Loopback, port)];

    /// <summary>Validates a timeout as the public wait methods document it.</summary>
    /// <param name="timeout">The timeout.</param>
    /// <param name="name">The parameter name.</param>
    public static void ValidateTimeout(TimeSpan timeout, string name)
    {
        if (timeout != Timeout.InfiniteTimeSpan && (timeout < TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(name, timeout, "The timeout must be non-negative, or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>Determines whether a connected socket is connected to itself (local and remote endpoints equal).</summary>
    /// <param name="socket">The connected socket.</param>
    /// <returns><see langword="true"/> for a self-connection.</returns>
    internal static bool IsSelfConnection(Socket socket) =>
        socket.LocalEndPoint is IPEndPoint local && local.Equals(socket.RemoteEndPoint);

    /// <summary>Waits for the first endpoint to pass the check.</summary>
    /// <param name="endPoints">The endpoints, at least one.</param>
    /// <param name="check">The check.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The endpoint that passed.</returns>
    public static Task<IPEndPoint> WaitAsync(IReadOnlyList<IPEndPoint> endPoints, ListenerCheck check, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(endPoints, check, timeout, TimeProvider.System, connect: null, cancellationToken);

    /// <summary>Waits for the first endpoint to pass the check, with time from a given provider (tests drive it by hand).</summary>
    /// <param name="endPoints">The endpoints, at least one.</param>
    /// <param name="check">The check.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="time">The clock for the timeout and the pauses.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The endpoint that passed.</returns>
    public static Task<IPEndPoint> WaitAsync(IReadOnlyList<IPEndPoint> endPoints, ListenerCheck check, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        WaitAsync(endPoints, check, timeout, time, connect: null, cancellationToken);

    /// <summary>Waits for the first endpoint to pass the check, with a given clock and, for tests, a given way to connect.</summary>
    /// <param name="endPoints">The endpoints, at least one.</param>
    /// <param name="check">The check.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="time">The clock for the timeout and the pauses.</param>
    /// <param name="connect">Replaces the real connection (and the check) with a fake attempt; <see langword="null"/> for real sockets.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The endpoint that passed.</returns>
    public static async Task<IPEndPoint> WaitAsync(
        IReadOnlyList<IPEndPoint> endPoints, ListenerCheck check, TimeSpan timeout, TimeProvider time, ConnectAttempt? connect, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        CancellationToken token = linked.Token;
        var live = new List<IPEndPoint>(endPoints);
        var seen = new Dictionary<IPEndPoint, string>();
        TimeSpan delay = FirstDelay;
        try
        {
            while (true)
            {
                if (await RoundAsync(live, endPoints.Count > 1, check, connect, seen, token).ConfigureAwait(false) is IPEndPoint passed)
                {
                    return passed;
                }

                await Task.Delay(delay, time, token).ConfigureAwait(false);
                delay = delay * 2 < LastDelay ? delay * 2 : LastDelay;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var message = new StringBuilder();
            message.Append(CultureInfo.InvariantCulture, $"Nothing passed the check ({check}) within {timeout.TotalMilliseconds:0} ms:");
            for (int i = 0; i < live.Count; i++)
            {
                string last = seen.TryGetValue(live[i], out string? s) ? s : "no attempt finished";
                message.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? " " : "; ")}{live[i]} {last}");
            }

            throw new TimeoutException(message.Append('.').ToString());
        }
    }

    /// <summary>Tries every live endpoint once, concurrently; returns the first that passes, after cancelling the others.</summary>
    /// <remarks>An optional endpoint that does not exist on the host is removed from <paramref name="live"/>; any other error that waiting cannot cure is thrown.</remarks>
    private static async Task<IPEndPoint?> RoundAsync(
        List<IPEndPoint> live, bool severalAsked, ListenerCheck check, ConnectAttempt? connect, Dictionary<IPEndPoint, string> seen, CancellationToken token)
    {
        using var round = CancellationTokenSource.CreateLinkedTokenSource(token);
        IPEndPoint[] tried = [.. live];
        var pending = new List<Task<Attempt>>(tried.Length);
        for (int i = 0; i < tried.Length; i++)
        {
            pending.Add(TryOnceAsync(i, tried[i], check, connect, round.Token));
        }

        IPEndPoint? passed = null;
        SocketException? fatal = null;
        while (pending.Count > 0)
        {
            Task<Attempt> done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            Attempt attempt = await done.ConfigureAwait(false);
            IPEndPoint endPoint = tried[attempt.Index];
            if (attempt.Failure is null && attempt.Error is null)
            {
                passed ??= endPoint;
                await round.CancelAsync().ConfigureAwait(false);
            }
            else if (attempt.Error is SocketException e)
            {
                if (severalAsked && endPoint.Address.Equals(IPAddress.IPv6Loopback) && IsAbsentAddress(e.SocketErrorCode))
                {
                    // No IPv6 on this host: ::1 does not exist, which is not an error; keep waiting on the rest.
                    live.Remove(endPoint);
                }
                else
                {
                    fatal ??= e;
                    await round.CancelAsync().ConfigureAwait(false);
                }
            }
            else if (attempt.Failure!.Length > 0)
            {
                seen[endPoint] = attempt.Failure;
            }
        }

        if (passed is not null)
        {
            return passed;
        }

        token.ThrowIfCancellationRequested();
        if (fatal is not null)
        {
            throw fatal;
        }

        return null;
    }

    /// <summary>Connects once and applies the check.</summary>
    /// <returns>
    /// The index, and: a <see langword="null"/> failure and error when the check passed; an empty failure when cancelled;
    /// what was seen when the server is not ready yet; or the error that waiting cannot cure.
    /// </returns>
    private static async Task<Attempt> TryOnceAsync(int index, IPEndPoint endPoint, ListenerCheck check, ConnectAttempt? connect, CancellationToken token)
    {
        try
        {
            if (connect is not null)
            {
                return new(index, await connect(endPoint, token).ConfigureAwait(false) ? null : "connection refused", null);
            }

            using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(endPoint, token).ConfigureAwait(false);
            if (IsSelfConnection(socket))
            {
                // TCP simultaneous open connected the socket to itself: nothing listens.
                return new(index, "connection refused", null);
            }

            return new(index, check.HttpPath is null ? null : await HttpAsync(socket, endPoint, check, token).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return new(index, string.Empty, null);
        }
        catch (SocketException e) when (IsNotReadyYet(e.SocketErrorCode))
        {
            return new(index, Describe(e.SocketErrorCode), null);
        }
        catch (SocketException e)
        {
            return new(index, null, e);
        }
    }

    /// <summary>Errors that mean "nothing accepts yet" (or a full backlog), so the wait tries again.</summary>
    private static bool IsNotReadyYet(SocketError error) =>
        error is SocketError.ConnectionRefused or SocketError.TimedOut or SocketError.ConnectionReset or SocketError.TryAgain
            or SocketError.NetworkUnreachable or SocketError.HostUnreachable;

    private static bool IsAbsentAddress(SocketError error) =>
        error is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported;

    private static async Task<string?> HttpAsync(Socket socket, IPEndPoint endPoint, ListenerCheck check, CancellationToken token)
    {
        string host = endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : endPoint.ToString();
        byte[] request = Encoding.ASCII.GetBytes($"GET {check.HttpPath} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: PortClassification\r\nAccept: */*\r\nConnection: close\r\n\r\n");
        await socket.SendAsync(request, SocketFlags.None, token).ConfigureAwait(false);
        byte[] buffer = new byte[256];
        int length = 0;
        while (length < buffer.Length)
        {
            int read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, token).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf((byte)'\n') >= 0)
            {
                break;
            }
        }

        int status = ParseStatus(buffer.AsSpan(0, length));
        if (status < 0)
        {
            return length == 0 ? "accepted the connection but closed it without an HTTP response" : "answered something that is not HTTP";
        }

        return !check.RequireSuccess || status is >= 200 and <= 299
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"answered HTTP {status}");
    }

    /// <summary>Parses the status code of an HTTP/1.x status line (<c>HTTP/1.1 204 No Content</c>).</summary>
    /// <param name="line">The start of the response.</param>
    /// <returns>The code (100–999), or −1 when the bytes do not start with a status line.</returns>
    internal static int ParseStatus(ReadOnlySpan<byte> line)
    {
        // "HTTP/" digit "." digit SP 3DIGIT
        if (line.Length < 12 || !line.StartsWith("HTTP/"u8) || !char.IsAsciiDigit((char)line[5]) || line[6] != '.' ||
            !char.IsAsciiDigit((char)line[7]) || line[8] != ' ')
        {
            return -1;
        }

        int status = 0;
        for (int i = 9; i < 12; i++)
        {
            if (!char.IsAsciiDigit((char)line[i]))
            {
                return -1;
            }

            status = (status * 10) + (line[i] - '0');
        }

        return status >= 100 && (line.Length == 12 || line[12] is (byte)' ' or (byte)'\r' or (byte)'\n') ? status : -1;
    }

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.TimedOut => "connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "unreachable",
        SocketError.AddressNotAvailable => "address not available on this host",
        _ => "socket error " + error.ToString(),
    };

    /// <summary>The outcome of one attempt.</summary>
    /// <param name="Index">The endpoint's index in the round.</param>
    /// <param name="Failure">What was seen when the check did not pass (empty when cancelled); <see langword="null"/> when it passed or <paramref name="Error"/> is set.</param>
    /// <param name="Error">An error that waiting cannot cure, or <see langword="null"/>.</param>
    private readonly record struct Attempt(int Index, string? Failure, SocketException? Error);
}
