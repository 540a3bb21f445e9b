using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Linux;

public sealed class ProcNetParserTests
{
    private const string Header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    public static TheoryData<string, Transport, bool, string[]> Captured => new()
    {
        { "proc-net-tcp.txt", Transport.Tcp, false, ["0.0.0.0:2024", "127.0.0.1:39325"] },
        { "proc-net-tcp6.txt", Transport.Tcp, true, ["[::1]:41847", "[::]:58439", "127.0.0.1:37423"] },
        { "proc-net-udp.txt", Transport.Udp, false, ["127.0.0.1:39831"] },
        { "proc-net-udp6.txt", Transport.Udp, true, ["[::1]:39891"] },
    };

    [Theory]
    [MemberData(nameof(Captured))]
    public void Parse_CapturedTable_ListsExactlyTheListeners(string file, Transport transport, bool ipv6, string[] expected)
    {
        List<LinuxSocketRecord> records = Parse(FixtureFiles.Read(file), transport, ipv6);

        Assert.Equal(expected, records.Select(r => r.LocalEndPoint.ToString()));
        Assert.All(records, r => Assert.Equal(transport, r.Transport));
        Assert.All(records, r => Assert.NotEqual(0UL, r.Inode));
    }

    [Fact]
    public void Parse_CapturedTcp_ReadsUidAndInode()
    {
        List<LinuxSocketRecord> records = Parse(FixtureFiles.Read("proc-net-tcp.txt"), Transport.Tcp, false);

        Assert.Equal(new LinuxSocketRecord(Transport.Tcp, new IPEndPoint(IPAddress.Loopback, 39325), 0, 82447), records[1]);
    }

    [Fact]
    public void Parse_MappedAddress_IsReportedAsIPv4()
    {
        LinuxSocketRecord mapped = Parse(FixtureFiles.Read("proc-net-tcp6.txt"), Transport.Tcp, true)[2];

        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, mapped.LocalEndPoint.AddressFamily);
    }

    [Fact]
    public void Parse_ConnectedUdp_IsNotListed()
    {
        List<LinuxSocketRecord> records = Parse(FixtureFiles.Read("proc-net-udp.txt"), Transport.Udp, false);

        Assert.DoesNotContain(records, r => r.LocalEndPoint.Port == 58074);
    }

    [Fact]
    public void Parse_PortFilter_KeepsOnlyThatPort()
    {
        var records = new List<LinuxSocketRecord>();
        ProcNetParser.Parse(FixtureFiles.Read("proc-net-tcp.txt"), Transport.Tcp, false, LinuxSocketFilter.From(new ListenerQuery { Port = 2024 }), records, littleEndian: true);

        Assert.Equal("0.0.0.0:2024", Assert.Single(records).LocalEndPoint.ToString());
    }

    [Fact]
    public void Parse_BigEndianHost_ReadsWordsInThatOrder()
    {
        string text = Header + "   0: 7F000001:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 42 1\n";

        LinuxSocketRecord record = Assert.Single(Parse(Encoding.ASCII.GetBytes(text), Transport.Tcp, false, littleEndian: false));

        Assert.Equal(new LinuxSocketRecord(Transport.Tcp, new IPEndPoint(IPAddress.Loopback, 80), 1000, 42), record);
    }

    [Theory]
    [InlineData("")]
    [InlineData(Header)]
    [InlineData(Header + "\n\n")]
    public void Parse_NoRows_ListsNothing(string text) =>
        Assert.Empty(Parse(Encoding.ASCII.GetBytes(text), Transport.Tcp, false));

    [Fact]
    public void Parse_LastRowWithoutNewlineAndLowercaseHex_IsRead()
    {
        string text = Header + "   0: 0100007f:01bb 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7";

        Assert.Equal("127.0.0.1:443", Assert.Single(Parse(Encoding.ASCII.GetBytes(text), Transport.Tcp, false)).LocalEndPoint.ToString());
    }

    [Theory]
    [InlineData("garbage\n")]
    [InlineData("   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n")]                  // no header
    [InlineData(Header + "   0: 0100007F:0050 00000000:0000 0A\n")]                                                           // truncated row
    [InlineData(Header + "   0: 0100007F0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n")]               // no colon
    [InlineData(Header + "   0: 0100007G:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n")]               // bad hex
    [InlineData(Header + "   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 -1\n")]              // bad inode
    [InlineData(Header + "   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 99999999999 0 1\n")]     // uid > 32 bits
    [InlineData(Header + "   0 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n")]                // slot without colon
    [InlineData(Header + "   0: 00000000000000000000000001000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n")] // v6 address in v4 table
    public void Parse_Malformed_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => Parse(Encoding.ASCII.GetBytes(text), Transport.Tcp, false));

    [Property(MaxTest = 300)]
    public Property Parse_MutatedFixture_ReturnsOrThrowsFormatException()
    {
        string[] files = ["proc-net-tcp.txt", "proc-net-tcp6.txt", "proc-net-udp.txt", "proc-net-udp6.txt"];
        Gen<(int File, Mutation<byte>[] Mutations)> gen =
            from file in Gen.Choose(0, files.Length - 1)
            from mutations in Mutation.Generator.ArrayOf()
            select (file, mutations);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            byte[] text = Mutation.Apply(FixtureFiles.Read(files[input.File]), input.Mutations);
            try
            {
                _ = Parse(text, input.File < 2 ? Transport.Tcp : Transport.Udp, input.File % 2 == 1);
            }
            catch (FormatException)
            {
                // documented outcome for malformed text
            }
        });
    }

    private static List<LinuxSocketRecord> Parse(byte[] text, Transport transport, bool ipv6, bool littleEndian = true)
    {
        var records = new List<LinuxSocketRecord>();
        ProcNetParser.Parse(text, transport, ipv6, LinuxSocketFilter.From(new ListenerQuery()), records, littleEndian);
        return records;
    }
}
