using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Sockets.Linux;

/// <summary>
/// The Linux socket table on real sockets, each test inside its own network namespace, so that only the test's sockets
/// exist there and every count is exact. Netlink sockets are created by the calling thread, which is in the namespace.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinuxSocketSourceTests
{
    private static readonly string OwnName = File.Exists("/proc/self/comm") ? File.ReadAllText("/proc/self/comm").TrimEnd('\n') : string.Empty;

    [NetworkNamespaceFact]
    public void Find_OutgoingConnectionFromAnEphemeralPort_IsEstablishedWithThisProcessAndBothEnds() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        const int source = 45000; // inside the namespace's ephemeral range, 32768-60999
        using var server = Listen(IPAddress.Loopback, 0);
        var serverEnd = (IPEndPoint)server.LocalEndPoint!;
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, source));
        client.Connect(serverEnd);
        using Socket accepted = server.Accept();

        SocketSnapshot found = PortClassification.Sockets.Find(new PortNumber(source));

        Assert.Equal("linux-netlink", found.ReaderName);
        Assert.True(found.IsComplete);
        Assert.Equal(2, found.Count);
        SocketEntry outgoing = Assert.Single(found, s => s.LocalPort == new PortNumber(source));
        Assert.Equal(SocketState.Established, outgoing.State);
        Assert.Equal(Transport.Tcp, outgoing.Transport);
        Assert.Equal(serverEnd, outgoing.RemoteEndPoint);
        Assert.Equal(Environment.ProcessId, outgoing.ProcessId);
        Assert.Equal(OwnName, outgoing.ProcessName);
        SocketEntry accepting = Assert.Single(found, s => s.LocalPort.Value == serverEnd.Port);
        Assert.Equal(SocketState.Established, accepting.State);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, source), accepting.RemoteEndPoint);
        Assert.Equal(Environment.ProcessId, accepting.ProcessId);
    });

    [NetworkNamespaceFact]
    public void Find_ServerPort_ListsTheListenerAndTheAcceptedSideButNotOtherPorts() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        using var server = Listen(IPAddress.Loopback, 0);
        int port = ((IPEndPoint)server.LocalEndPoint!).Port;
        using var other = Listen(IPAddress.Loopback, 0);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(server.LocalEndPoint!);
        using Socket accepted = server.Accept();

        SocketSnapshot found = PortClassification.Sockets.Find(new PortNumber(port));

        // The listener, the accepted socket (local = port) and the client (remote = port): one each.
        Assert.Equal([SocketState.Listen, SocketState.Established, SocketState.Established], found.Select(s => s.State).Order());
        Assert.Single(found, s => s.RemotePort == new PortNumber(port) && s.LocalEndPoint.Equals(client.LocalEndPoint));
        Assert.All(found, s => Assert.Equal(Environment.ProcessId, s.ProcessId));
    });

    [NetworkNamespaceFact]
    public void GetSockets_AfterAnActiveClose_TheCloserHoldsTimeWaitWithNoOwner() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        using var server = Listen(IPAddress.Loopback, 0);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(server.LocalEndPoint!);
        var clientEnd = (IPEndPoint)client.LocalEndPoint!;
        using Socket accepted = server.Accept();

        client.Close();                              // active close: FIN from the client
        Assert.Equal(0, accepted.Receive(new byte[1])); // the server has seen the FIN
        accepted.Close();                            // its FIN moves the client to TIME_WAIT

        SocketEntry timeWait = WaitFor(new SocketQuery { LocalPort = new PortNumber(clientEnd.Port) }, s => s.State == SocketState.TimeWait);
        Assert.Equal(server.LocalEndPoint, timeWait.RemoteEndPoint);
        Assert.Null(timeWait.ProcessId);
        Assert.Null(timeWait.ProcessName);
        Assert.Equal(0UL, timeWait.SocketInode);
    });

    [NetworkNamespaceFact]
    public void GetSockets_ConnectedUdp_IsConnectedWithItsPeer_AndUnconnectedIsBound() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var connected = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        connected.Connect(bound.LocalEndPoint!);

        SocketSnapshot udp = PortClassification.Sockets.Default.GetSockets(new SocketQuery { Transport = Transport.Udp });

        Assert.Equal(2, udp.Count);
        SocketEntry c = Assert.Single(udp, s => s.State == SocketState.Connected);
        Assert.Equal(connected.LocalEndPoint, c.LocalEndPoint);
        Assert.Equal(bound.LocalEndPoint, c.RemoteEndPoint);
        Assert.Equal(Environment.ProcessId, c.ProcessId);
        SocketEntry b = Assert.Single(udp, s => s.State == SocketState.Bound);
        Assert.Equal(bound.LocalEndPoint, b.LocalEndPoint);
        Assert.Null(b.RemoteEndPoint);
    });

    [NetworkNamespaceFact]
    public void GetSockets_BoundOnlyTcpSocket_IsBound() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        using var guard = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        guard.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        SocketSnapshot tcp = PortClassification.Sockets.Default.GetSockets(new SocketQuery { Transport = Transport.Tcp, States = [SocketState.Bound] });

        SocketEntry entry = Assert.Single(tcp);
        Assert.Equal(guard.LocalEndPoint, entry.LocalEndPoint);
        Assert.Equal(Environment.ProcessId, entry.ProcessId);
    });

    /// <summary>
    /// TCP is dumped with one compat request (<c>TCPDIAG_GETSOCK</c>, both families in one walk of each kernel table);
    /// it must list exactly what one <c>SOCK_DIAG_BY_FAMILY</c> dump per family lists: every state, both families, with
    /// and without a port filter, and for an IPv4 query.
    /// </summary>
    [NetworkNamespaceFact]
    public void TryDump_CompatTcpDump_ListsWhatThePerFamilyDumpsList() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        using Load load = Load.Open(established: 3, timeWait: 2, udpBound: 0, udpConnected: 0);
        using var v6 = Listen(IPAddress.IPv6Loopback, 0);
        int v6Port = ((IPEndPoint)v6.LocalEndPoint!).Port;
        using var v6Client = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        v6Client.Connect(v6.LocalEndPoint!);
        using Socket v6Accepted = v6.Accept();
        using var v6Bound = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        v6Bound.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        SocketQuery[] queries =
        [
            new() { Transport = Transport.Tcp },
            new() { Transport = Transport.Tcp, Port = new PortNumber(v6Port) },
            new() { Transport = Transport.Tcp, Port = new PortNumber(load.ServerPort) },
            new() { Transport = Transport.Tcp, AddressFamily = AddressFamily.InterNetwork },
        ];
        int[] expectedCounts = [1 + 6 + 2 + 1 + 2 + 1, 3, 1 + 6 + 2, 1 + 6 + 2];

        for (int i = 0; i < queries.Length; i++)
        {
            LinuxSocketFilter filter = LinuxSocketFilter.From(queries[i]);
            string[] compat = Dump(filter, allowCompat: true);
            Assert.False(LinuxNetlinkReader.CompatTcpRefused, "This kernel refused TCPDIAG_GETSOCK.");
            string[] perFamily = Dump(filter, allowCompat: false);

            Assert.Equal(expectedCounts[i], perFamily.Length);
            Assert.Equal(perFamily, compat);
        }

        static string[] Dump(LinuxSocketFilter filter, bool allowCompat)
        {
            var records = new List<LinuxSocketRecord>();
            List<string>? warnings = null;
            Assert.Equal(0, LinuxNetlinkReader.TryDump(filter, records, ref warnings, allowCompat));
            Assert.Null(warnings);
            return [.. records.Where(r => filter.Matches(r)).Select(r => $"{r.State} {r.LocalEndPoint} {r.RemoteEndPoint} {r.Inode}").Order(StringComparer.Ordinal)];
        }
    });

    /// <summary>Counts per state against <c>ss -tan</c>/<c>ss -uan</c>, run in the same namespace over the same sockets.</summary>
    [NetworkNamespaceFact]
    public void GetSockets_CountsPerState_MatchSsOnTheSameLoad() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        using Load load = Load.Open(established: 20, timeWait: 5, udpBound: 3, udpConnected: 4);

        SocketSnapshot ours = PortClassification.Sockets.Default.GetSockets(new SocketQuery { ResolveProcesses = false });
        Dictionary<string, int> ss = SsCounts("-tan");
        foreach ((string state, int count) in SsCounts("-uan"))
        {
            ss["udp " + state] = count;
        }

        var expected = new Dictionary<string, int>
        {
            ["LISTEN"] = 1, ["ESTAB"] = 40, ["TIME-WAIT"] = 5, ["udp UNCONN"] = 3, ["udp ESTAB"] = 4,
        };
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), ss.OrderBy(p => p.Key, StringComparer.Ordinal));
        Dictionary<string, int> counted = ours
            .GroupBy(s => (s.Transport == Transport.Udp ? "udp " : string.Empty) + SsName(s.State))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(ss.OrderBy(p => p.Key, StringComparer.Ordinal), counted.OrderBy(p => p.Key, StringComparer.Ordinal));
    });

    [NetworkNamespaceFact]
    public void GetSockets_ProcNetFallback_ListsWhatNetlinkLists() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        using Load load = Load.Open(established: 3, timeWait: 2, udpBound: 1, udpConnected: 1);
        var query = new SocketQuery();

        // /proc/net is /proc/self/net: the namespace of the main thread. This thread's is /proc/thread-self/net.
        SocketSnapshot procfs = new LinuxSocketSource(LinuxListenerResults.SharedOwners, "/proc/thread-self/net", useNetlink: false).GetSockets(query);
        SocketSnapshot netlink = PortClassification.Sockets.Default.GetSockets(query);

        Assert.Equal("linux-procfs", procfs.ReaderName);
        Assert.Equal(netlink.Select(s => s.ToString()).Order(StringComparer.Ordinal), procfs.Select(s => s.ToString()).Order(StringComparer.Ordinal));
    });

    [NetworkNamespaceFact]
    public void GetSockets_QueryFilters_KeepOnlyMatches() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        using Load load = Load.Open(established: 4, timeWait: 2, udpBound: 2, udpConnected: 2);
        SocketSnapshot all = PortClassification.Sockets.Default.GetSockets();
        int port = load.ServerPort;

        foreach (SocketQuery query in new SocketQuery[]
        {
            new() { LocalPort = new PortNumber(port) },
            new() { RemotePort = new PortNumber(port) },
            new() { Port = new PortNumber(port), States = [SocketState.TimeWait] },
            new() { Transport = Transport.Udp, States = [SocketState.Connected] },
            new() { AddressFamily = AddressFamily.InterNetworkV6 },
        })
        {
            SocketSnapshot filtered = PortClassification.Sockets.Default.GetSockets(query);
            Assert.Equal(all.Where(query.Matches).Select(s => s.ToString()).Order(StringComparer.Ordinal), filtered.Select(s => s.ToString()).Order(StringComparer.Ordinal));
        }
    });

    private static Socket Listen(IPAddress address, int port)
    {
        var s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(address, port));
        s.Listen(512);
        return s;
    }

    /// <summary>Waits (up to 30 s) for the kernel to move a socket into the awaited state; loopback does it at once.</summary>
    private static SocketEntry WaitFor(SocketQuery query, Func<SocketEntry, bool> predicate)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            SocketEntry? hit = PortClassification.Sockets.Default.GetSockets(query).FirstOrDefault(predicate);
            if (hit is not null)
            {
                return hit;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The socket never reached the awaited state.");
            Thread.Sleep(10);
        }
    }

    private static string SsName(SocketState state) => state switch
    {
        SocketState.Listen => "LISTEN",
        SocketState.Established or SocketState.Connected => "ESTAB",
        SocketState.TimeWait => "TIME-WAIT",
        SocketState.Bound => "UNCONN",
        _ => state.ToString(),
    };

    /// <summary>Runs <c>ss</c> (forked from this thread, so in its namespace) and counts rows per state.</summary>
    private static Dictionary<string, int> SsCounts(string options)
    {
        using var ss = Process.Start(new ProcessStartInfo("ss", options) { RedirectStandardOutput = true })!;
        string output = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .GroupBy(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0])
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>A listener with established pairs, closed-first clients in TIME_WAIT, and UDP sockets.</summary>
    internal sealed class Load : IDisposable
    {
        private readonly List<Socket> _sockets = [];

        public int ServerPort { get; private set; }

        public static Load Open(int established, int timeWait, int udpBound, int udpConnected)
        {
            var load = new Load();
            Socket server = Listen(IPAddress.Loopback, 0);
            load._sockets.Add(server);
            load.ServerPort = ((IPEndPoint)server.LocalEndPoint!).Port;
            for (int i = 0; i < established; i++)
            {
                var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                c.Connect(server.LocalEndPoint!);
                load._sockets.Add(c);
                load._sockets.Add(server.Accept());
            }

            var timeWaits = new List<IPEndPoint>();
            for (int i = 0; i < timeWait; i++)
            {
                var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                c.Connect(server.LocalEndPoint!);
                timeWaits.Add((IPEndPoint)c.LocalEndPoint!);
                using Socket a = server.Accept();
                c.Close();
                _ = a.Receive(new byte[1]);
            }

            // Wait until every closed client is in TIME_WAIT (the server sides are gone at once).
            var clock = Stopwatch.StartNew();
            while (PortClassification.Sockets.Default.GetSockets(new SocketQuery { States = [SocketState.TimeWait], ResolveProcesses = false }).Count < timeWait
                || PortClassification.Sockets.Default.GetSockets(new SocketQuery { States = [SocketState.FinWait1, SocketState.FinWait2, SocketState.LastAck, SocketState.CloseWait], ResolveProcesses = false }).Count > 0)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The closed connections never reached TIME_WAIT.");
                Thread.Sleep(10);
            }

            var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            first.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            load._sockets.Add(first);
            for (int i = 1; i < udpBound; i++)
            {
                var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                u.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                load._sockets.Add(u);
            }

            for (int i = 0; i < udpConnected; i++)
            {
                var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                u.Connect(first.LocalEndPoint!);
                load._sockets.Add(u);
            }

            return load;
        }

        public void Dispose()
        {
            foreach (Socket s in _sockets)
            {
                s.Dispose();
            }
        }
    }
}
