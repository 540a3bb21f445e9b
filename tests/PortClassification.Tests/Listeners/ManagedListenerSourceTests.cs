using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners;

public sealed class ManagedListenerSourceTests
{
    [Fact]
    public void GetListeners_TcpListener_FoundWithoutOwner()
    {
        using var sockets = new LoopbackSockets();
        var endPoint = sockets.TcpListener(AddressFamily.InterNetwork);

        ListenerSnapshot snapshot = new ManagedListenerSource().GetListeners(new ListenerQuery { Port = new PortNumber(endPoint.Port) });

        Listener listener = Assert.Single(snapshot);
        Assert.Equal(endPoint, listener.LocalEndPoint);
        Assert.Null(listener.ProcessId);
        Assert.Equal("managed", snapshot.ReaderName);
    }

    [LinuxFact]
    public void GetListeners_ConnectedUdpOnLinux_IsReportedAsTheBclDoes()
    {
        using var sockets = new LoopbackSockets();
        var target = sockets.UdpBound(AddressFamily.InterNetwork);
        var connected = sockets.UdpConnected(target.Port);

        ListenerSnapshot snapshot = new ManagedListenerSource().GetListeners(new ListenerQuery { Transport = Transport.Udp });

        // The documented quirk: the BCL lists every /proc/net/udp row, connected sockets included.
        Assert.Contains(snapshot, l => l.LocalEndPoint.Equals(connected));
    }
}
