using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Windows;

// Live behaviour on Windows is also checked under Wine by tests/PortClassification.WindowsSmoke (build/windows-smoke.sh).
public sealed class WindowsIpHelperListenerSourceTests
{
    [NotOnPlatformFact("windows")]
    public void GetListeners_NotOnWindows_ThrowsPlatformNotSupportedException()
    {
#pragma warning disable CA1416 // Deliberately called off Windows: the source must say so rather than fail to load iphlpapi.
        var source = new WindowsIpHelperListenerSource();
        Assert.Equal("windows-iphelper", source.Name);
        Assert.Throws<PlatformNotSupportedException>(() => source.GetListeners());
#pragma warning restore CA1416
    }

    [OnlyOnPlatformFact("windows")]
    [SupportedOSPlatform("windows")]
    public void GetListeners_OwnLoopbackSockets_AreListedWithThisProcess()
    {
        using var sockets = LoopbackSockets.OneOfEach();

        ListenerSnapshot snapshot = new WindowsIpHelperListenerSource().GetListeners();

        Assert.Equal("windows-iphelper", snapshot.ReaderName);
        Assert.True(snapshot.IsComplete, string.Join(" ", snapshot.Warnings));
        string name = Process.GetCurrentProcess().ProcessName;
        foreach ((Transport transport, Socket socket) in sockets.All)
        {
            var endPoint = (IPEndPoint)socket.LocalEndPoint!;
            Listener listener = Assert.Single(snapshot, l => l.Transport == transport && l.LocalEndPoint.Equals(endPoint));
            Assert.Equal(Environment.ProcessId, listener.ProcessId);
            Assert.Equal(name, listener.ProcessName);
        }
    }

    [OnlyOnPlatformFact("windows")]
    [SupportedOSPlatform("windows")]
    public void GetListeners_NarrowQuery_ReturnsOnlyMatches()
    {
        using var sockets = LoopbackSockets.OneOfEach();
        (Transport transport, Socket socket) = sockets.All[3]; // UDP on ::1
        var endPoint = (IPEndPoint)socket.LocalEndPoint!;

        ListenerSnapshot snapshot = new WindowsIpHelperListenerSource().GetListeners(new ListenerQuery
        {
            Transport = transport,
            AddressFamily = AddressFamily.InterNetworkV6,
            Port = new PortNumber(endPoint.Port),
            ResolveProcesses = false,
        });

        Listener listener = Assert.Single(snapshot);
        Assert.Equal(endPoint, listener.LocalEndPoint);
        Assert.Null(listener.ProcessName);
    }

    public static TheoryData<Transport?, AddressFamily?> Filters
    {
        get
        {
            var data = new TheoryData<Transport?, AddressFamily?>();
            foreach (Transport? transport in new Transport?[] { null, Transport.Tcp, Transport.Udp })
            {
                foreach (AddressFamily? family in new AddressFamily?[] { null, AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
                {
                    data.Add(transport, family);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Filters))]
    [SupportedOSPlatform("windows")]
    public void TablesForAndToListeners_AnyFilter_ListWhatTheUnfilteredQueryListsForIt(Transport? transport, AddressFamily? family)
    {
        var query = new ListenerQuery { Transport = transport, AddressFamily = family, ResolveProcesses = false };
        List<Listener> unfiltered = WindowsIpHelperListenerSource.ToListeners(DecodeFixtures(WindowsIpHelperListenerSource.TablesFor(new ListenerQuery())), new ListenerQuery(), null);

        List<Listener> filtered = WindowsIpHelperListenerSource.ToListeners(DecodeFixtures(WindowsIpHelperListenerSource.TablesFor(query)), query, null);

        Assert.Equal(unfiltered.Where(query.Matches), filtered);
        Assert.NotEmpty(filtered);
    }

    [Fact]
    [SupportedOSPlatform("windows")]
    public void ToListeners_IPv4Filter_FindsTheDualModeSocketFromTheIPv6Table()
    {
        var query = new ListenerQuery { Transport = Transport.Udp, AddressFamily = AddressFamily.InterNetwork, Port = new PortNumber(9) };

        Assert.Contains((Transport.Udp, AddressFamily.InterNetworkV6), WindowsIpHelperListenerSource.TablesFor(query));
        Listener listener = Assert.Single(WindowsIpHelperListenerSource.ToListeners(DecodeFixtures(WindowsIpHelperListenerSource.TablesFor(query)), query, null));
        Assert.Equal(IPEndPoint.Parse("10.0.0.1:9"), listener.LocalEndPoint);
    }

    [Fact]
    [SupportedOSPlatform("windows")]
    public void ToListeners_ProcessIdZero_IsUnknownAndOthersAreKept()
    {
        List<IpHelperRow> rows =
        [
            new(Transport.Tcp, IPEndPoint.Parse("[::1]:8080"), 0),
            new(Transport.Tcp, IPEndPoint.Parse("0.0.0.0:445"), 4),
            new(Transport.Udp, IPEndPoint.Parse("127.0.0.1:53"), 2000),
        ];
        var names = new Dictionary<int, string> { [0] = "Idle", [4] = "System", [2000] = "dns" };

        List<Listener> listeners = WindowsIpHelperListenerSource.ToListeners(rows, new ListenerQuery(), names);

        Assert.Equal(
            [new Listener(Transport.Tcp, IPEndPoint.Parse("[::1]:8080"), null, null), new Listener(Transport.Tcp, IPEndPoint.Parse("0.0.0.0:445"), 4, "System"), new Listener(Transport.Udp, IPEndPoint.Parse("127.0.0.1:53"), 2000, "dns")],
            listeners);
    }

    [Fact]
    [SupportedOSPlatform("windows")]
    public void TablesFor_IPv6Filter_SkipsTheIPv4Tables() =>
        Assert.Equal(
            [(Transport.Tcp, AddressFamily.InterNetworkV6), (Transport.Udp, AddressFamily.InterNetworkV6)],
            WindowsIpHelperListenerSource.TablesFor(new ListenerQuery { AddressFamily = AddressFamily.InterNetworkV6 }));

    private static List<IpHelperRow> DecodeFixtures((Transport Transport, AddressFamily Family)[] tables)
    {
        var rows = new List<IpHelperRow>();
        foreach ((Transport transport, AddressFamily family) in tables)
        {
            string file = (transport, family) switch
            {
                (Transport.Tcp, AddressFamily.InterNetwork) => "tcp4-owner-pid-listener.hex",
                (Transport.Tcp, _) => "tcp6-owner-pid-listener.hex",
                (_, AddressFamily.InterNetwork) => "udp4-owner-pid.hex",
                _ => "udp6-owner-pid.hex",
            };
            IpHelperTableDecoder.Decode(HexFixture.Load("Listeners/Windows/" + file), transport, family, rows);
        }

        return rows;
    }
}
