using System;
using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// "Why can't I bind port N?": tries the bind for real and explains the outcome from the socket table and the host's
/// settings, or explains a bind that already failed.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="DiagnoseBind(IPEndPoint, Transport, ISocketSource)"/> binds a fresh socket to exactly the address and port asked about,
/// first without <c>SO_REUSEADDR</c> and, when that fails, with it; it never listens, never sends, and closes each socket
/// at once, so it changes nothing (the port is busy for the microseconds between bind and close). It then asks only for
/// the facts the outcome needs: on "address in use" the sockets on the port (<see cref="Sockets.Default"/> unless another
/// <see cref="ISocketSource"/> is given), on "access denied" the privileged limit and this process's privileges (Linux:
/// <c>CAP_NET_BIND_SERVICE</c> in <c>/proc/self/status</c>) or Windows' excluded ranges, on "address not available"
/// this host's addresses.
/// </para>
/// <para>
/// It never kills, stops or changes anything. A socket whose owner this user may not inspect is reported with its user
/// id and the words "hidden from this user", never with a guessed process. On Linux the answer is for the network
/// namespace of the calling thread. Methods are thread-safe.
/// </para>
/// </remarks>
public static class PortDiagnostics
{
    private static readonly ISocketSource s_defaultSockets = new DeferredDefaultSource();

    /// <summary>Determines whether an address and port can be bound now, and if not, why not.</summary>
    /// <param name="endPoint">The address and port, for example <c>new IPEndPoint(IPAddress.Any, 8080)</c> for every IPv4 address.</param>
    /// <param name="transport"><see cref="Transport.Tcp"/> or <see cref="Transport.Udp"/>.</param>
    /// <param name="sockets">Where to look for the sockets that hold the port; <see langword="null"/> for <see cref="Sockets.Default"/>.</param>
    /// <returns>The verdict, the causes that stop the bind, and warnings about a port that binds.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endPoint"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is neither TCP nor UDP.</exception>
    public static BindReport DiagnoseBind(IPEndPoint endPoint, Transport transport = Transport.Tcp, ISocketSource? sockets = null)
    {
        Validate(endPoint, transport);
        return DiagnoseBind(BindEnvironment.Create(sockets ?? s_defaultSockets), endPoint, transport);
    }

    /// <summary>Explains a bind that failed, without trying it again: for a server's log.</summary>
    /// <param name="error">The exception <see cref="Socket.Bind(EndPoint)"/> (or a server built on it) threw.</param>
    /// <param name="endPoint">The address and port that could not be bound.</param>
    /// <param name="transport"><see cref="Transport.Tcp"/> or <see cref="Transport.Udp"/>.</param>
    /// <param name="sockets">Where to look for the sockets that hold the port; <see langword="null"/> for <see cref="Sockets.Default"/>.</param>
    /// <returns>A report with <see cref="BindReport.CanBind"/> <see langword="false"/>, the causes found now, and <see cref="BindReport.CanBindWithReuseAddress"/> unknown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> or <paramref name="endPoint"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is neither TCP nor UDP.</exception>
    /// <exception cref="ArgumentException"><paramref name="error"/> reports success (<see cref="SocketError.Success"/>).</exception>
    public static BindReport Explain(SocketException error, IPEndPoint endPoint, Transport transport = Transport.Tcp, ISocketSource? sockets = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        Validate(endPoint, transport);
        return Explain(BindEnvironment.Create(sockets ?? s_defaultSockets), error, endPoint, transport);
    }

    internal static BindReport DiagnoseBind(BindEnvironment environment, IPEndPoint endPoint, Transport transport)
    {
        SocketError? plain = environment.Probe(endPoint, transport, false);
        bool reuseWorks = plain is null || environment.Probe(endPoint, transport, true) is null;
        return BindEvaluation.Evaluate(environment, endPoint, transport, plain, reuseWorks);
    }

    internal static BindReport Explain(BindEnvironment environment, SocketException error, IPEndPoint endPoint, Transport transport)
    {
        if (error.SocketErrorCode == SocketError.Success)
        {
            throw new ArgumentException("The exception reports success, not a failed bind.", nameof(error));
        }

        return BindEvaluation.Evaluate(environment, endPoint, transport, error.SocketErrorCode, reuseWorks: null);
    }

    /// <summary>Formats an end point as the findings do: <c>127.0.0.1:8080</c>, <c>[::]:8080</c>.</summary>
    internal static string Format(IPEndPoint endPoint) => endPoint.ToString();

    private static void Validate(IPEndPoint endPoint, Transport transport)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (transport is not (Transport.Tcp or Transport.Udp))
        {
            throw new ArgumentOutOfRangeException(nameof(transport), transport, "Binds are diagnosed for TCP and UDP.");
        }
    }

    /// <summary>Resolves <see cref="Sockets.Default"/> only when a diagnosis needs the socket table, so a failure there stays a warning.</summary>
    private sealed class DeferredDefaultSource : ISocketSource
    {
        public string Name => "default";

        public SocketSnapshot GetSockets(SocketQuery? query = null) => PortClassification.Sockets.Default.GetSockets(query);
    }
}
