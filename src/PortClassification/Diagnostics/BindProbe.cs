using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// The real bind test of <see cref="PortDiagnostics.DiagnoseBind(IPEndPoint, Transport, ISocketSource)"/>: one socket, one
/// <c>bind</c> on exactly the address asked about, closed at once. It never listens and never sends.
/// </summary>
/// <remarks>
/// .NET sets <c>SO_REUSEADDR</c> by itself before binding a <see cref="ProtocolType.Tcp"/> socket on Unix; a socket
/// created with <see cref="ProtocolType.Unspecified"/> is the same TCP or UDP socket to the kernel but skips that step,
/// so the plain test is a plain <c>bind()</c> as a C program makes it, and the other test sets the option explicitly.
/// An IPv6 socket keeps the OS's default for <c>IPV6_V6ONLY</c> (off on Linux, on on Windows), as most servers do.
/// </remarks>
internal static class BindProbe
{
    /// <summary>Tries to bind.</summary>
    /// <param name="endPoint">The address and port.</param>
    /// <param name="transport">TCP or UDP.</param>
    /// <param name="reuseAddress">Whether to set <c>SO_REUSEADDR</c> first.</param>
    /// <returns><see langword="null"/> if the bind worked; otherwise the error of <c>socket()</c> or <c>bind()</c>.</returns>
    internal static SocketError? TryBind(IPEndPoint endPoint, Transport transport, bool reuseAddress)
    {
        Socket socket;
        try
        {
            socket = new Socket(endPoint.AddressFamily, transport == Transport.Udp ? SocketType.Dgram : SocketType.Stream, ProtocolType.Unspecified);
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }

        using (socket)
        {
            try
            {
                if (reuseAddress)
                {
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                }

                socket.Bind(endPoint);
                return null;
            }
            catch (SocketException e)
            {
                return e.SocketErrorCode;
            }
        }
    }
}
