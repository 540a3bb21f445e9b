using System.Net;
using System.Net.Sockets;

namespace PortClassification.Tests.Support;

/// <summary>Sockets a test opens on loopback (127.0.0.1 or ::1 only), all closed on dispose.</summary>
internal sealed class LoopbackSockets : IDisposable
{
    private readonly List<Socket> _sockets = [];

    /// <summary>Gets every listening socket opened so far, with its transport, in opening order.</summary>
    public List<(Transport Transport, Socket Socket)> All { get; } = [];

    /// <summary>Opens a TCP listener and a bound UDP socket on 127.0.0.1, then the same on ::1 (in that order).</summary>
    public static LoopbackSockets OneOfEach()
    {
        var sockets = new LoopbackSockets();
        foreach (AddressFamily family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            sockets.TcpListener(family);
            sockets.UdpBound(family);
        }

        return sockets;
    }

    public IPEndPoint TcpListener(AddressFamily family)
    {
        var s = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(s);
        if (family == AddressFamily.InterNetworkV6)
        {
            s.DualMode = false;
        }

        s.Bind(new IPEndPoint(Loopback(family), 0));
        s.Listen();
        All.Add((Transport.Tcp, s));
        return (IPEndPoint)s.LocalEndPoint!;
    }

    public IPEndPoint UdpBound(AddressFamily family)
    {
        var s = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        _sockets.Add(s);
        s.Bind(new IPEndPoint(Loopback(family), 0));
        All.Add((Transport.Udp, s));
        return (IPEndPoint)s.LocalEndPoint!;
    }

    /// <summary>
    /// Binds a UDP socket on 127.0.0.3 (an address no other test binds, so its end point is unique while it lives)
    /// and connects it to a 127.0.0.1 port, so it is no longer a listener.
    /// </summary>
    public IPEndPoint UdpConnected(int remotePort)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sockets.Add(s);
        s.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        s.Connect(new IPEndPoint(IPAddress.Loopback, remotePort));
        return (IPEndPoint)s.LocalEndPoint!;
    }

    public void Dispose()
    {
        foreach (Socket s in _sockets)
        {
            s.Dispose();
        }
    }

    private static IPAddress Loopback(AddressFamily family) =>
        family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback;
}
