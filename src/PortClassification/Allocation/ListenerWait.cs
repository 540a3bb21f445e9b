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
/// Waits until one of several endpoints passes a <see cref="ListenerCheck"/>: each round tries every endpoint
/// at once, the first to pass wins, and a round where none passes is followed by a growing pause
/// (5 ms up to 100 ms). What each endpoint last showed goes into the timeout message.
/// </summary>
internal static class ListenerWait
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LastDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets the endpoints a wait without an address tries: 127.0.0.1, and ::1 where the host has IPv6.</summary>
    /// <param name="port">The port.</param>
    /// <returns>The endpoints.</returns>
    public static IPEndPoint[] Loopbacks(int port) => Socket.OSSupportsIPv6
        ? [new IPEndPoint(IPAddress.Loopback, port), new IPEndPoint(IPAddress.IPv6Loopback, port)]
        : [new IPEndPoint(IPAddress.Loopback, port)];

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

    /// <summary>Waits for the first endpoint to pass the check.</summary>
    /// <param name="endPoints">The endpoints, at least one.</param>
    /// <param name="check">The check.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The endpoint that passed.</returns>
    public static Task<IPEndPoint> WaitAsync(IReadOnlyList<IPEndPoint> endPoints, ListenerCheck check, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(endPoints, check, timeout, TimeProvider.System, cancellationToken);

    /// <summary>Waits for the first endpoint to pass the check, with time from a given provider (tests drive it by hand).</summary>
    /// <param name="endPoints">The endpoints, at least one.</param>
    /// <param name="check">The check.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="time">The clock for the timeout and the pauses.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The endpoint that passed.</returns>
    public static async Task<IPEndPoint> WaitAsync(IReadOnlyList<IPEndPoint> endPoints, ListenerCheck check, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        CancellationToken token = linked.Token;
        string[] seen = new string[endPoints.Count];
        Array.Fill(seen, "no attempt finished");
        TimeSpan delay = FirstDelay;
        try
        {
            while (true)
            {
                if (await RoundAsync(endPoints, check, seen, token).ConfigureAwait(false) is IPEndPoint passed)
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
            for (int i = 0; i < endPoints.Count; i++)
            {
                message.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? " " : "; ")}{endPoints[i]} {seen[i]}");
            }

            throw new TimeoutException(message.Append('.').ToString());
        }
    }

    /// <summary>Tries every endpoint once, concurrently; returns the first that passes, after cancelling the others.</summary>
    private static async Task<IPEndPoint?> RoundAsync(IReadOnlyList<IPEndPoint> endPoints, ListenerCheck check, string[] seen, CancellationToken token)
    {
        using var round = CancellationTokenSource.CreateLinkedTokenSource(token);
        var pending = new List<Task<(int Index, string? Failure)>>(endPoints.Count);
        for (int i = 0; i < endPoints.Count; i++)
        {
            pending.Add(TryOnceAsync(i, endPoints[i], check, round.Token));
        }

        IPEndPoint? passed = null;
        while (pending.Count > 0)
        {
            Task<(int Index, string? Failure)> done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            (int index, string? failure) = await done.ConfigureAwait(false);
            if (failure is null)
            {
                passed ??= endPoints[index];
                await round.CancelAsync().ConfigureAwait(false);
            }
            else if (failure.Length > 0)
            {
                seen[index] = failure;
            }
        }

        token.ThrowIfCancellationRequested();
        return passed;
    }

    /// <summary>Connects once and applies the check.</summary>
    /// <returns>The index, and <see langword="null"/> when the check passed, an empty string when cancelled, or what was seen.</returns>
    private static async Task<(int Index, string? Failure)> TryOnceAsync(int index, IPEndPoint endPoint, ListenerCheck check, CancellationToken token)
    {
        try
        {
            using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(endPoint, token).ConfigureAwait(false);
            if (PortAllocator.IsSelfConnection(socket))
            {
                // TCP simultaneous open connected the socket to itself: nothing listens.
                return (index, "connection refused");
            }

            return check.HttpPath is null ? (index, null) : (index, await HttpAsync(socket, endPoint, check, token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return (index, string.Empty);
        }
        catch (SocketException e)
        {
            return (index, Describe(e.SocketErrorCode));
        }
    }

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
}
