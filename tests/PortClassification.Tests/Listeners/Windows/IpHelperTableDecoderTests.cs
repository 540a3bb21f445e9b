using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Windows;

public sealed class IpHelperTableDecoderTests
{
    private static List<IpHelperRow> Decode(byte[] table, Transport transport, AddressFamily family)
    {
        var rows = new List<IpHelperRow>();
        IpHelperTableDecoder.Decode(table, transport, family, rows);
        return rows;
    }

    private static IpHelperRow Row(Transport transport, string endPoint, int pid) =>
        new(transport, IPEndPoint.Parse(endPoint), pid, transport == Transport.Udp ? SocketState.Bound : SocketState.Listen);

    [Theory]
    [InlineData(Transport.Tcp, AddressFamily.InterNetwork, 24)]
    [InlineData(Transport.Tcp, AddressFamily.InterNetworkV6, 56)]
    [InlineData(Transport.Udp, AddressFamily.InterNetwork, 12)]
    [InlineData(Transport.Udp, AddressFamily.InterNetworkV6, 28)]
    public void RowSize_EachTable_MatchesTheHeaderLayout(Transport transport, AddressFamily family, int expected) =>
        Assert.Equal(expected, IpHelperTableDecoder.RowSize(transport, family));

    [Fact]
    public void Decode_Tcp4Fixture_KeepsListeningRowsAndIgnoresPortGarbage()
    {
        List<IpHelperRow> rows = Decode(HexFixture.Load("Listeners/Windows/tcp4-owner-pid-listener.hex"), Transport.Tcp, AddressFamily.InterNetwork);

        Assert.Equal([Row(Transport.Tcp, "127.0.0.1:80", 4), Row(Transport.Tcp, "0.0.0.0:49152", 65532)], rows);
    }

    [Fact]
    public void Decode_Tcp6Fixture_KeepsLinkLocalScopeAndDropsLoopbackScope()
    {
        List<IpHelperRow> rows = Decode(HexFixture.Load("Listeners/Windows/tcp6-owner-pid-listener.hex"), Transport.Tcp, AddressFamily.InterNetworkV6);

        Assert.Equal([Row(Transport.Tcp, "[::1]:8080", 0), Row(Transport.Tcp, "[fe80::1%7]:443", 880)], rows);
        Assert.Equal(0, rows[0].LocalEndPoint.Address.ScopeId);
        Assert.Equal(7, rows[1].LocalEndPoint.Address.ScopeId);
    }

    [Fact]
    public void Decode_Udp4Fixture_ReturnsEveryRow()
    {
        List<IpHelperRow> rows = Decode(HexFixture.Load("Listeners/Windows/udp4-owner-pid.hex"), Transport.Udp, AddressFamily.InterNetwork);

        Assert.Equal([Row(Transport.Udp, "127.0.0.1:53", 2000), Row(Transport.Udp, "0.0.0.0:5353", 3000)], rows);
    }

    [Fact]
    public void Decode_Udp6Fixture_ReportsIPv4MappedAddressAsIPv4()
    {
        List<IpHelperRow> rows = Decode(HexFixture.Load("Listeners/Windows/udp6-owner-pid.hex"), Transport.Udp, AddressFamily.InterNetworkV6);

        Assert.Equal([Row(Transport.Udp, "[::]:5353", 3000), Row(Transport.Udp, "10.0.0.1:9", 7)], rows);
        Assert.Equal(AddressFamily.InterNetwork, rows[1].LocalEndPoint.AddressFamily);
    }

    [Fact]
    public void Decode_NoEntries_ReturnsNothing() =>
        Assert.Empty(Decode([0, 0, 0, 0], Transport.Tcp, AddressFamily.InterNetworkV6));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Decode_ShorterThanTheEntryCount_ThrowsFormatException(int length) =>
        Assert.Throws<FormatException>(() => Decode(new byte[length], Transport.Udp, AddressFamily.InterNetwork));

    public static TheoryData<string, Transport, AddressFamily> Fixtures => new()
    {
        { "tcp4-owner-pid-listener.hex", Transport.Tcp, AddressFamily.InterNetwork },
        { "tcp6-owner-pid-listener.hex", Transport.Tcp, AddressFamily.InterNetworkV6 },
        { "udp4-owner-pid.hex", Transport.Udp, AddressFamily.InterNetwork },
        { "udp6-owner-pid.hex", Transport.Udp, AddressFamily.InterNetworkV6 },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_EntryCountOneTooHigh_ThrowsFormatException(string fixture, Transport transport, AddressFamily family)
    {
        byte[] table = HexFixture.Load("Listeners/Windows/" + fixture);
        int rowSize = IpHelperTableDecoder.RowSize(transport, family);
        uint fits = (uint)((table.Length - 4) / rowSize);
        BinaryPrimitives.WriteUInt32LittleEndian(table, fits + 1);

        Assert.Throws<FormatException>(() => Decode(table, transport, family));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_EntryCountNearUInt32Max_ThrowsFormatExceptionWithoutOverflow(string fixture, Transport transport, AddressFamily family)
    {
        byte[] table = HexFixture.Load("Listeners/Windows/" + fixture);
        BinaryPrimitives.WriteUInt32LittleEndian(table, uint.MaxValue);

        Assert.Throws<FormatException>(() => Decode(table, transport, family));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_LastRowTruncated_ThrowsFormatException(string fixture, Transport transport, AddressFamily family)
    {
        byte[] table = HexFixture.Load("Listeners/Windows/" + fixture);
        int rowSize = IpHelperTableDecoder.RowSize(transport, family);
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(table);

        Assert.Throws<FormatException>(() => Decode(table[..(4 + (count * rowSize) - 1)], transport, family));
    }

    [Fact]
    public void Decode_ProcessIdAboveInt32Max_ThrowsAndAppendsNothing()
    {
        byte[] table = HexFixture.Load("Listeners/Windows/udp4-owner-pid.hex");
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4 + 12 + 8), 0x8000_0000);
        var rows = new List<IpHelperRow> { Row(Transport.Tcp, "127.0.0.1:1", 1) };

        Assert.Throws<FormatException>(() => IpHelperTableDecoder.Decode(table, Transport.Udp, AddressFamily.InterNetwork, rows));
        Assert.Single(rows);
    }

    [Property(MaxTest = 300)]
    public Property Decode_EncodedRows_RoundTrip() => Prop.ForAll(
        IpHelperFixtures.Tables.ToArbitrary(),
        table =>
        {
            List<IpHelperRow> rows = Decode(table.Bytes, table.Transport, table.Family);
            return rows.SequenceEqual(table.Expected);
        });

    /// <summary>A valid header over random row bytes (half the TCP rows in LISTEN), checked against offsets written out here.</summary>
    [Property(MaxTest = 500)]
    public Property Decode_ValidHeaderRandomRows_EachRowMatchesItsBytes() => Prop.ForAll(
        (from kind in IpHelperFixtures.Kinds
         from count in Gen.Choose(0, 6)
         from body in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), count * IpHelperTableDecoder.RowSize(kind.Transport, kind.Family))
         from listen in Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), count)
         from slack in Gen.Choose(0, 7)
         select (kind, Table: RandomTable(kind, count, body, listen, slack))).ToArbitrary(),
        c =>
        {
            (Transport transport, AddressFamily family) = (c.kind.Transport, c.kind.Family);
            bool tcp = transport == Transport.Tcp;
            bool v4 = family == AddressFamily.InterNetwork;
            int rowSize = (tcp, v4) switch { (true, true) => 24, (true, false) => 56, (false, true) => 12, (false, false) => 28 };
            int count = (c.Table.Length - 4) / rowSize;
            var expected = new List<IpHelperRow>();
            bool pidTooLarge = false;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> row = c.Table.AsSpan(4 + (i * rowSize), rowSize);
                if (tcp && BinaryPrimitives.ReadUInt32LittleEndian(row[(v4 ? 0 : 48)..]) != 2)
                {
                    continue;
                }

                int addressAt = tcp && v4 ? 4 : 0;
                int portAt = v4 ? addressAt + 4 : 20;
                int pidAt = (tcp, v4) switch { (true, true) => 20, (true, false) => 52, (false, true) => 8, (false, false) => 24 };
                uint pid = BinaryPrimitives.ReadUInt32LittleEndian(row[pidAt..]);
                pidTooLarge |= pid > int.MaxValue;
                IPAddress address = v4 ? new IPAddress(row.Slice(addressAt, 4)) : ExpectedV6(row[..16], BinaryPrimitives.ReadUInt32LittleEndian(row[16..]));
                expected.Add(new IpHelperRow(transport, new IPEndPoint(address, (row[portAt] << 8) | row[portAt + 1]), (int)(pid & int.MaxValue), tcp ? SocketState.Listen : SocketState.Bound));
            }

            if (pidTooLarge)
            {
                return Throws(() => Decode(c.Table, transport, family));
            }

            return Decode(c.Table, transport, family).SequenceEqual(expected);
        });

    [Property(MaxTest = 500)]
    public Property Decode_MutatedTable_ReturnsRowsThatFitOrThrowsFormatException() => Prop.ForAll(
        IpHelperFixtures.Mutated.ToArbitrary(),
        table => DecodesOrRejects(table.Bytes, table.Transport, table.Family));

    private static byte[] RandomTable(IpHelperFixtures.Kind kind, int count, byte[] body, bool[] listen, int slack)
    {
        int rowSize = body.Length / Math.Max(count, 1);
        byte[] table = new byte[4 + body.Length + slack];
        BinaryPrimitives.WriteUInt32LittleEndian(table, (uint)count);
        body.CopyTo(table, 4);
        for (int i = 0; i < count; i++)
        {
            if (kind.Transport == Transport.Tcp && listen[i])
            {
                BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4 + (i * rowSize) + (kind.Family == AddressFamily.InterNetwork ? 0 : 48)), 2);
            }

            // Keep most process ids in range so that most tables decode.
            int pidAt = 4 + (i * rowSize) + rowSize - 4;
            table[pidAt + 3] &= (byte)(i == 0 && slack == 7 ? 0xFF : 0x7F);
        }

        return table;
    }

    private static IPAddress ExpectedV6(ReadOnlySpan<byte> bytes, uint scope)
    {
        var address = new IPAddress(bytes);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return scope != 0 && (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal) ? new IPAddress(bytes, scope) : address;
    }

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (FormatException)
        {
            return true;
        }
    }

    private static bool DecodesOrRejects(byte[] bytes, Transport transport, AddressFamily family)
    {
        List<IpHelperRow> rows;
        try
        {
            rows = Decode(bytes, transport, family);
        }
        catch (FormatException)
        {
            return true;
        }

        int rowSize = IpHelperTableDecoder.RowSize(transport, family);
        return rows.Count <= (bytes.Length - 4) / rowSize
            && rows.All(r => r.Transport == transport && r.ProcessId >= 0 && !r.LocalEndPoint.Address.IsIPv4MappedToIPv6);
    }
}
