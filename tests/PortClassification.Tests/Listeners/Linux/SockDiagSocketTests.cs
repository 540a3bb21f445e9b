using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Listeners;
using PortClassification.Tests.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Linux;

/// <summary>The netlink and procfs parsers on dumps holding every socket state (Fixtures/Sockets).</summary>
public sealed class SockDiagSocketTests
{
    private const int AllTcp = LinuxSocketFilter.TcpStatesAll;
    private const int AllUdp = LinuxSocketFilter.UdpStatesAll;

    private static readonly string[] Tcp4 =
    [
        "Listen 127.0.0.1:5000", "Listen 127.0.0.1:5010", "Bound 127.0.0.1:5001",
        "Bound 127.0.0.1:6004", // the explicitly bound client whose connection is in TIME_WAIT still holds its port
        "SynReceived 127.0.0.1:5010 -> 127.0.0.1:6007", "SynSent 127.0.0.1:6007 -> 127.0.0.1:5010", "SynSent 10.1.1.1:6006 -> 10.1.1.1:9",
        "Established 127.0.0.1:6000 -> 127.0.0.1:5000", "Established 127.0.0.1:5000 -> 127.0.0.1:6000", "Established 127.0.0.1:6009 -> 127.0.0.1:5004",
        "TimeWait 127.0.0.1:6001 -> 127.0.0.1:5000", "TimeWait 127.0.0.1:6004 -> 127.0.0.1:5000",
        "FinWait2 127.0.0.1:6002 -> 127.0.0.1:5000", "CloseWait 127.0.0.1:5000 -> 127.0.0.1:6002",
        "FinWait1 127.0.0.1:6005 -> 127.0.0.1:5000", "CloseWait 127.0.0.1:5000 -> 127.0.0.1:6005",
        "LastAck 127.0.0.1:5000 -> 127.0.0.1:6004",
    ];

    private static readonly string[] Tcp6 =
    [
        "Listen [::1]:5003", "Listen [::]:5004", "Bound [::]:5002",
        "Established [::1]:6008 -> [::1]:5003", "Established [::1]:5003 -> [::1]:6008",
        "Established 127.0.0.1:5004 -> 127.0.0.1:6009", // accepted on the dual-stack listener: v4-mapped, reported as IPv4
    ];

    private static readonly string[] Udp4 = ["Bound 127.0.0.1:5353", "Connected 127.0.0.1:5354 -> 127.0.0.1:5353"];
    private static readonly string[] Udp6 = ["Bound [::]:5355"];

    public static TheoryData<string, Transport, string[]> Dumps => new()
    {
        { "sockdiag-tcp4-all.bin", Transport.Tcp, Tcp4 },
        { "sockdiag-tcp6-all.bin", Transport.Tcp, Tcp6 },
        { "sockdiag-udp4-all.bin", Transport.Udp, Udp4 },
        { "sockdiag-udp6-all.bin", Transport.Udp, Udp6 },
    };

    public static TheoryData<string, Transport, bool, string[]> Tables => new()
    {
        // /proc/net has no bound-only TCP sockets.
        { "proc-net-tcp-all.txt", Transport.Tcp, false, [.. Tcp4.Where(s => !s.StartsWith("Bound", StringComparison.Ordinal))] },
        { "proc-net-tcp6-all.txt", Transport.Tcp, true, [.. Tcp6.Where(s => !s.StartsWith("Bound", StringComparison.Ordinal))] },
        { "proc-net-udp-all.txt", Transport.Udp, false, Udp4 },
        { "proc-net-udp6-all.txt", Transport.Udp, true, Udp6 },
    };

    [Theory]
    [MemberData(nameof(Dumps))]
    public void Parse_DumpOfEveryState_NamesEachSocketsStateAndBothEnds(string file, Transport transport, string[] expected)
    {
        List<LinuxSocketRecord> records = ParseDump(SocketFixtures.Read(file), transport, transport == Transport.Tcp ? AllTcp : AllUdp, out SockDiagStatus status);

        Assert.Equal(SockDiagStatus.Done, status);
        Assert.Equal(expected.Order(StringComparer.Ordinal), records.Select(Describe).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Parse_ProcNetOfEveryState_NamesTheSameSocketsAsNetlink(string file, Transport transport, bool ipv6, string[] expected)
    {
        var records = new List<LinuxSocketRecord>();
        var everything = LinuxSocketFilter.From(new SocketQuery());

        ProcNetParser.Parse(SocketFixtures.Read(file), transport, ipv6, everything, records, littleEndian: true);

        Assert.Equal(expected.Order(StringComparer.Ordinal), records.Select(Describe).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_SocketsNoProcessHolds_HaveInodeAndUidZero_OthersAnInode()
    {
        List<LinuxSocketRecord> records = ParseDump(SocketFixtures.Read("sockdiag-tcp4-all.bin"), Transport.Tcp, AllTcp, out _);

        // TIME_WAIT and request sockets are not full sockets; the LAST_ACK one was orphaned when the server closed.
        Assert.All(records.Where(r => r.State is SocketState.TimeWait or SocketState.SynReceived or SocketState.LastAck), r =>
        {
            Assert.Equal(0UL, r.Inode);
            Assert.Equal(0u, r.UserId);
        });
        Assert.All(records.Where(r => r.State is SocketState.Listen or SocketState.Bound or SocketState.Established or SocketState.CloseWait), r => Assert.NotEqual(0UL, r.Inode));
    }

    [Theory]
    [InlineData(SocketState.TimeWait, 2)]
    [InlineData(SocketState.Listen, 2)]
    [InlineData(SocketState.Bound, 2)]
    [InlineData(SocketState.SynReceived, 1)]
    public void Parse_OneStateAsked_KeepsOnlyThatState(SocketState state, int count)
    {
        List<LinuxSocketRecord> records = ParseDump(SocketFixtures.Read("sockdiag-tcp4-all.bin"), Transport.Tcp, 1 << (int)state, out _);

        Assert.Equal(count, records.Count);
        Assert.All(records, r => Assert.Equal(state, r.State));
    }

    [Fact]
    public void Parse_UdpStatesInTcpTerms_AreBoundAndConnected()
    {
        List<LinuxSocketRecord> records = ParseDump(SocketFixtures.Read("sockdiag-udp4-all.bin"), Transport.Udp, LinuxSocketFilter.ConnectedBit, out _);

        LinuxSocketRecord connected = Assert.Single(records);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5353), connected.RemoteEndPoint);
    }

    [Theory]
    [InlineData(Transport.Tcp, 0, false)]
    [InlineData(Transport.Tcp, 7, true)]      // only the bound-inactive walk reports TCP_CLOSE
    [InlineData(Transport.Tcp, 12, true)]     // NEW_SYN_RECV, reported as SYN_RECV
    [InlineData(Transport.Tcp, 13, false)]
    [InlineData(Transport.Tcp, 255, false)]
    [InlineData(Transport.Udp, 10, false)]
    [InlineData(Transport.Udp, 6, false)]
    public void TryMap_EveryValue_IsAStateOrRejected(Transport transport, int kernelState, bool known) =>
        Assert.Equal(known, LinuxSocketStates.TryMap(transport, kernelState, out _));

    [Property(MaxTest = 300)]
    public Property KernelMask_ThenTryMap_RoundTripsEveryStateOfTheTransport()
    {
        Gen<(Transport, int)> gen =
            from transport in Gen.Elements(Transport.Tcp, Transport.Udp)
            from states in Gen.Choose(1, (1 << 12) - 1)
            select (transport, states & (transport == Transport.Tcp ? AllTcp : AllUdp));
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            (Transport transport, int states) = input;
            uint mask = LinuxSocketStates.KernelMask(transport, states);
            int back = 0;
            for (int bit = 0; bit < 32; bit++)
            {
                if ((mask & (1u << bit)) != 0)
                {
                    int reported = transport == Transport.Tcp && bit == LinuxSocketStates.BoundInactive ? LinuxSocketStates.Close : bit;
                    Assert.True(LinuxSocketStates.TryMap(transport, reported, out SocketState s));
                    back |= 1 << (int)s;
                }
            }

            Assert.Equal(states, back);
        });
    }

    [Property(MaxTest = 500)]
    public Property Parse_MutatedDumpOfEveryState_ReturnsOrThrowsFormatException()
    {
        string[] files = ["sockdiag-tcp4-all.bin", "sockdiag-tcp6-all.bin", "sockdiag-udp4-all.bin", "sockdiag-udp6-all.bin"];
        Gen<(int File, Mutation<byte>[] Mutations)> gen =
            from file in Gen.Choose(0, files.Length - 1)
            from mutations in Mutation.Generator.ArrayOf()
            select (file, mutations);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            Transport transport = input.File < 2 ? Transport.Tcp : Transport.Udp;
            try
            {
                foreach (LinuxSocketRecord r in ParseDump(Mutation.Apply(SocketFixtures.Read(files[input.File]), input.Mutations), transport, transport == Transport.Tcp ? AllTcp : AllUdp, out _))
                {
                    // Every record the parser returns must make a valid public entry.
                    _ = new SocketEntry(r.Transport, r.State, r.LocalEndPoint, r.RemoteEndPoint);
                }
            }
            catch (FormatException)
            {
                // documented outcome for a malformed reply
            }
        });
    }

    [Property(MaxTest = 300)]
    public Property Parse_MutatedProcNetOfEveryState_ReturnsOrThrowsFormatException()
    {
        string[] files = ["proc-net-tcp-all.txt", "proc-net-tcp6-all.txt", "proc-net-udp-all.txt", "proc-net-udp6-all.txt"];
        Gen<(int File, Mutation<byte>[] Mutations)> gen =
            from file in Gen.Choose(0, files.Length - 1)
            from mutations in Mutation.Generator.ArrayOf()
            select (file, mutations);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var records = new List<LinuxSocketRecord>();
            try
            {
                ProcNetParser.Parse(
                    Mutation.Apply(SocketFixtures.Read(files[input.File]), input.Mutations), input.File < 2 ? Transport.Tcp : Transport.Udp, input.File % 2 == 1,
                    LinuxSocketFilter.From(new SocketQuery()), records, littleEndian: true);
                foreach (LinuxSocketRecord r in records)
                {
                    _ = new SocketEntry(r.Transport, r.State, r.LocalEndPoint, r.RemoteEndPoint);
                }
            }
            catch (FormatException)
            {
                // documented outcome for malformed text
            }
        });
    }

    internal static string Describe(LinuxSocketRecord r) =>
        r.RemoteEndPoint is null ? $"{r.State} {r.LocalEndPoint}" : $"{r.State} {r.LocalEndPoint} -> {r.RemoteEndPoint}";

    private static List<LinuxSocketRecord> ParseDump(byte[] datagram, Transport transport, int states, out SockDiagStatus status)
    {
        var records = new List<LinuxSocketRecord>();
        bool interrupted = false;
        status = SockDiagMessages.Parse(datagram, SocketFixtures.DumpSequence, transport, states, records, ref interrupted, out _);
        return records;
    }
}
