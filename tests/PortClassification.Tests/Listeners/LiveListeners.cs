using System.Net;
using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners;

/// <summary>Checks shared by the live tests of every Linux source: sockets this test process and a child open on loopback.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class LiveListeners
{
    public static string OwnName { get; } = File.ReadAllText("/proc/self/comm").TrimEnd('\n');

    /// <summary>Opens TCP and UDP listeners over IPv4 and IPv6, a connected UDP socket and a child's listener; checks all of them in one listing.</summary>
    public static void AssertFindsOwnAndChildListeners(IListenerSource source)
    {
        using var sockets = new LoopbackSockets();
        IPEndPoint tcp4 = sockets.TcpListener(AddressFamily.InterNetwork);
        IPEndPoint tcp6 = sockets.TcpListener(AddressFamily.InterNetworkV6);
        IPEndPoint udp4 = sockets.UdpBound(AddressFamily.InterNetwork);
        IPEndPoint udp6 = sockets.UdpBound(AddressFamily.InterNetworkV6);
        IPEndPoint connected = sockets.UdpConnected(udp4.Port);
        using ChildProcess child = ChildProcess.PythonListener("tcp", out int childPort);

        ListenerSnapshot snapshot = source.GetListeners();

        Assert.Equal(source.Name, snapshot.ReaderName);
        Assert.True(snapshot.IsComplete);
        AssertOwned(snapshot, Transport.Tcp, tcp4, Environment.ProcessId, OwnName);
        AssertOwned(snapshot, Transport.Tcp, tcp6, Environment.ProcessId, OwnName);
        AssertOwned(snapshot, Transport.Udp, udp4, Environment.ProcessId, OwnName);
        AssertOwned(snapshot, Transport.Udp, udp6, Environment.ProcessId, OwnName);
        AssertOwned(snapshot, Transport.Tcp, new IPEndPoint(IPAddress.Loopback, childPort), child.Id, "python3");
        Assert.DoesNotContain(snapshot, l => l.Transport == Transport.Udp && l.LocalEndPoint.Equals(connected));
    }

    /// <summary>Checks that a port query lists just that port's sockets, and an unresolved query no owners.</summary>
    public static void AssertQueriesFilter(IListenerSource source)
    {
        using var sockets = new LoopbackSockets();
        IPEndPoint tcp4 = sockets.TcpListener(AddressFamily.InterNetwork);
        IPEndPoint udp6 = sockets.UdpBound(AddressFamily.InterNetworkV6);

        ListenerSnapshot byPort = source.GetListeners(new ListenerQuery { Port = new PortNumber(tcp4.Port) });
        ListenerSnapshot udpV6 = source.GetListeners(new ListenerQuery { Transport = Transport.Udp, AddressFamily = AddressFamily.InterNetworkV6, ResolveProcesses = false });

        Listener only = Assert.Single(byPort, l => l.Transport == Transport.Tcp);
        Assert.All(byPort, l => Assert.Equal(tcp4.Port, l.LocalEndPoint.Port));
        Assert.Equal(Environment.ProcessId, only.ProcessId);
        Assert.All(udpV6, l => Assert.True(l.Transport == Transport.Udp && l.LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6));
        Assert.All(udpV6, l => Assert.Null(l.ProcessId));
        Assert.Contains(udpV6, l => l.LocalEndPoint.Equals(udp6));
    }

    /// <summary>
    /// Checks that a child's IPv6 sockets bound to <c>::ffff:127.0.0.1</c> are listed as IPv4: found by an IPv4 query
    /// and by a port query, absent from an IPv6 query.
    /// </summary>
    public static void AssertFindsIPv4MappedListeners(IListenerSource source)
    {
        foreach ((Transport transport, string type, string listen) in new[] { (Transport.Tcp, "SOCK_STREAM", "s.listen();"), (Transport.Udp, "SOCK_DGRAM", "") })
        {
            using ChildProcess child = ChildProcess.Python(
                "import socket,sys; " +
                $"s=socket.socket(socket.AF_INET6, socket.{type}); s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0); " +
                $"s.bind(('::ffff:127.0.0.1', 0)); {listen} print(s.getsockname()[1], flush=True); sys.stdin.read()",
                out int port);
            var endPoint = new IPEndPoint(IPAddress.Loopback, port);

            ListenerSnapshot v4 = source.GetListeners(new ListenerQuery { Transport = transport, AddressFamily = AddressFamily.InterNetwork });
            ListenerSnapshot v6 = source.GetListeners(new ListenerQuery { Transport = transport, AddressFamily = AddressFamily.InterNetworkV6 });
            ListenerSnapshot byPort = source.GetListeners(new ListenerQuery { Port = new PortNumber(port) });

            AssertOwned(v4, transport, endPoint, child.Id, "python3");
            AssertOwned(byPort, transport, endPoint, child.Id, "python3");
            Assert.All(v4, l => Assert.Equal(AddressFamily.InterNetwork, l.LocalEndPoint.AddressFamily));
            Assert.DoesNotContain(v6, l => l.Transport == transport && l.LocalEndPoint.Port == port);
        }
    }

    public static void AssertOwned(IEnumerable<Listener> listeners, Transport transport, IPEndPoint endPoint, int pid, string name)
    {
        Listener listener = Assert.Single(listeners, l => l.Transport == transport && l.LocalEndPoint.Equals(endPoint));
        Assert.Equal(pid, listener.ProcessId);
        Assert.Equal(name, listener.ProcessName);
        Assert.NotNull(listener.SocketInode);
        Assert.NotNull(listener.UserId);
    }
}
