using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Listeners;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Sockets.Windows;

/// <summary>The IP Helper decoder on <c>TCP_TABLE_OWNER_PID_ALL</c> tables (fixtures built from the documented layout; not captured on Windows).</summary>
public sealed class IpHelperSocketDecodingTests
{
    private static List<IpHelperRow> Decode(byte[] table, Transport transport, AddressFamily family, bool listenersOnly = false)
    {
        var rows = new List<IpHelperRow>();
        IpHelperTableDecoder.Decode(table, transport, family, rows, listenersOnly);
        return rows;
    }

    private static string Describe(IpHelperRow r) =>
        r.RemoteEndPoint is null ? $"{r.State} {r.LocalEndPoint} pid {r.ProcessId}" : $"{r.State} {r.LocalEndPoint} -> {r.RemoteEndPoint} pid {r.ProcessId}";

    [Fact]
    public void Decode_Tcp4AllTable_KeepsEveryStateButDeleteTcbWithBothEnds()
    {
        List<IpHelperRow> rows = Decode(HexFixture.Load("Sockets/Windows/tcp4-owner-pid-all.hex"), Transport.Tcp, AddressFamily.InterNetwork);

        Assert.Equal(
            [
                "Listen 127.0.0.1:80 pid 4",
                "Established 127.0.0.1:50000 -> 127.0.0.1:80 pid 1234",
                "TimeWait 127.0.0.1:50001 -> 127.0.0.1:80 pid 0",
                "SynSent 192.168.1.5:50002 -> 203.0.113.9:443 pid 77",
                "CloseWait 10.0.0.2:8080 -> 10.0.0.3:40000 pid 9",
            ],
            rows.Select(Describe));
    }

    [Fact]
    public void Decode_Tcp4AllTable_ListenersOnly_IsTheListenerView()
    {
        List<IpHelperRow> rows = Decode(HexFixture.Load("Sockets/Windows/tcp4-owner-pid-all.hex"), Transport.Tcp, AddressFamily.InterNetwork, listenersOnly: true);

        Assert.Equal(["Listen 127.0.0.1:80 pid 4"], rows.Select(Describe));
    }

    [Fact]
    public void Decode_Tcp6AllTable_ReadsStateAtItsOwnOffset_AndUnwrapsMappedAddresses()
    {
        List<IpHelperRow> rows = Decode(HexFixture.Load("Sockets/Windows/tcp6-owner-pid-all.hex"), Transport.Tcp, AddressFamily.InterNetworkV6);

        Assert.Equal(["Established [::1]:50010 -> [::1]:443 pid 500", "FinWait2 127.0.0.1:50011 -> 127.0.0.1:80 pid 501"], rows.Select(Describe));
    }

    [Fact]
    public void Decode_UdpTable_EveryRowIsBoundWithoutRemote()
    {
        List<IpHelperRow> rows = Decode(HexFixture.Load("Listeners/Windows/udp4-owner-pid.hex"), Transport.Udp, AddressFamily.InterNetwork);

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(SocketState.Bound, r.State));
        Assert.All(rows, r => Assert.Null(r.RemoteEndPoint));
    }

    [Theory]
    [InlineData(0u, false)]
    [InlineData(1u, false)]   // CLOSED
    [InlineData(2u, true)]
    [InlineData(11u, true)]
    [InlineData(12u, false)]  // DELETE_TCB
    [InlineData(13u, false)]
    [InlineData(uint.MaxValue, false)]
    public void TryMapState_EveryValue_IsAStateOrSkipped(uint value, bool known) =>
        Assert.Equal(known, IpHelperTableDecoder.TryMapState(value, out _));

    [Fact]
    public void ToEntries_TimeWaitRowWithPidZero_HasNoOwner_AndQueryFilters()
    {
        List<IpHelperRow> rows = Decode(HexFixture.Load("Sockets/Windows/tcp4-owner-pid-all.hex"), Transport.Tcp, AddressFamily.InterNetwork);
        var names = new Dictionary<int, string> { [1234] = "curl" };

        SocketEntry[] toPort80 = [.. IpHelperTableDecoder.ToEntries(rows, new SocketQuery { Port = new PortNumber(80) }, names)];

        Assert.Equal(3, toPort80.Length);
        Assert.Null(Assert.Single(toPort80, e => e.State == SocketState.TimeWait).ProcessId);
        SocketEntry established = Assert.Single(toPort80, e => e.State == SocketState.Established);
        Assert.Equal("curl", established.ProcessName);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:80"), established.RemoteEndPoint);
    }

    [Property(MaxTest = 300)]
    public Property Decode_MutatedAllTable_ReturnsOrThrowsFormatException()
    {
        string[] files = ["Sockets/Windows/tcp4-owner-pid-all.hex", "Sockets/Windows/tcp6-owner-pid-all.hex"];
        Gen<(int File, Mutation<byte>[] Mutations)> gen =
            from file in Gen.Choose(0, files.Length - 1)
            from mutations in Mutation.Generator.ArrayOf()
            select (file, mutations);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            try
            {
                AddressFamily family = input.File == 0 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
                foreach (IpHelperRow r in Decode(Mutation.Apply(HexFixture.Load(files[input.File]), input.Mutations), Transport.Tcp, family))
                {
                    _ = new SocketEntry(r.Transport, r.State, r.LocalEndPoint, r.RemoteEndPoint, r.ProcessId);
                }
            }
            catch (FormatException)
            {
                // documented outcome for a malformed table
            }
        });
    }
}
