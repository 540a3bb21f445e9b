using System.Net;
using System.Net.Sockets;

namespace PortClassification.Tests.Listeners;

/// <summary>A TCP listener and a bound UDP socket on 127.0.0.1 and on ::1, on ports the OS picks; disposed together.</summary>
internal sealed class LoopbackSockets : IDisposable
{
    public LoopbackSockets()
    {
        foreach (IPAddress address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, 0));
            tcp.Listen();
            All.Add((Transport.Tcp, tcp));

            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, 0));
            All.Add((Transport.Udp, udp));
        }
    }

    public List<(Transport Transport, Socket Socket)> All { get; } = [];

    public void Dispose()
    {
        foreach ((_, Socket socket) in All)
        {
            socket.Dispose();
        }
    }
}
