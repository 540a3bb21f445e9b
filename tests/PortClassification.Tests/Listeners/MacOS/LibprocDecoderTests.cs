using System.Buffers.Binary;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.MacOS;

public sealed class LibprocDecoderTests
{
    private static byte[] Fixture(string name) => HexFixture.Load("Listeners/MacOS/" + name);

    public static TheoryData<string, Transport, string, ulong> Listening => new()
    {
        { "tcp4-listen.hex", Transport.Tcp, "127.0.0.1:8080", 0x1122334455667788 },
        { "tcp6-loopback-listen.hex", Transport.Tcp, "[::1]:5000", 3 },
        { "tcp6-listen-dualstack.hex", Transport.Tcp, "[::]:443", 0x8000000000000000 },
        { "tcp6-v4mapped-listen.hex", Transport.Tcp, "127.0.0.1:9000", 2 },
        { "udp4-bound.hex", Transport.Udp, "0.0.0.0:68", 6 },
        { "udp6-linklocal-bound.hex", Transport.Udp, "[fe80::1%4]:5353", 4 },
    };

    [Theory]
    [MemberData(nameof(Listening))]
    public void TryDecodeListener_ListeningSocket_ReturnsTransportEndPointAndHandle(string fixture, Transport transport, string endPoint, ulong handle)
    {
        Assert.True(LibprocDecoder.TryDecodeListener(Fixture(fixture), out LibprocSocket socket));

        Assert.Equal(new LibprocSocket(transport, IPEndPoint.Parse(endPoint), handle, transport == Transport.Udp ? SocketState.Bound : SocketState.Listen), socket);
        if (socket.LocalEndPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            Assert.Equal(IPEndPoint.Parse(endPoint).Address.ScopeId, socket.LocalEndPoint.Address.ScopeId);
        }
    }

    [Fact]
    public void TryDecodeListener_IPv4MappedOnIPv4OnlySocket_ReportsIPv4NotMapped()
    {
        Assert.True(LibprocDecoder.TryDecodeListener(Fixture("tcp6-v4mapped-listen.hex"), out LibprocSocket socket));

        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, socket.LocalEndPoint.AddressFamily);
    }

    [Fact]
    public void TryDecodeListener_IPv4MappedOnIPv6Socket_ReportsIPv4()
    {
        byte[] info = Fixture("tcp6-v4mapped-listen.hex");
        info[288] = 2; // INI_IPV6: read the whole 16-byte address, which is ::ffff:127.0.0.1

        Assert.True(LibprocDecoder.TryDecodeListener(info, out LibprocSocket socket));
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:9000"), socket.LocalEndPoint);
    }

    [Theory]
    [InlineData(2, "127.0.0.1:8080")]      // AF_INET: the IPv4 address in the last 4 bytes
    [InlineData(30, "[::7f00:1]:8080")]    // AF_INET6: all 16 bytes
    public void TryDecodeListener_NoVersionFlag_FallsBackToFamily(int family, string expected)
    {
        byte[] info = Fixture("tcp4-listen.hex");
        info[288] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(info.AsSpan(184), family);

        Assert.True(LibprocDecoder.TryDecodeListener(info, out LibprocSocket socket));
        Assert.Equal(IPEndPoint.Parse(expected), socket.LocalEndPoint);
    }

    [Theory]
    [InlineData("tcp4-established.hex")]
    [InlineData("udp4-connected.hex")]
    public void TryDecodeListener_ConnectedSocket_ReturnsFalse(string fixture) =>
        Assert.False(LibprocDecoder.TryDecodeListener(Fixture(fixture), out _));

    [Fact]
    public void TryDecodeListener_UdpWithoutLocalPort_ReturnsFalse()
    {
        byte[] info = Fixture("udp4-bound.hex");
        info[268] = info[269] = 0;

        Assert.False(LibprocDecoder.TryDecodeListener(info, out _));
    }

    [Theory]
    [InlineData(184, 1)]   // soi_family = AF_UNIX
    [InlineData(256, 3)]   // soi_kind = SOCKINFO_UN
    [InlineData(180, 1)]   // SOCKINFO_IN with IPPROTO_ICMP: a raw/ICMP socket, not UDP
    public void TryDecodeListener_NotAnInetListener_ReturnsFalse(int offset, int value)
    {
        byte[] info = Fixture("udp4-bound.hex");
        BinaryPrimitives.WriteInt32LittleEndian(info.AsSpan(offset), value);

        Assert.False(LibprocDecoder.TryDecodeListener(info, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(24)]
    [InlineData(348)]
    [InlineData(791)]
    public void TryDecodeListener_Truncated_ThrowsFormatException(int length) =>
        Assert.Throws<FormatException>(() => LibprocDecoder.TryDecodeListener(Fixture("tcp4-listen.hex").AsSpan(0, length), out _));

    [Fact]
    public void TryDecodeListener_LongerThanTheStruct_IgnoresTheRest()
    {
        byte[] info = [.. Fixture("tcp4-listen.hex"), 0xff, 0xff, 0xff, 0xff];

        Assert.True(LibprocDecoder.TryDecodeListener(info, out LibprocSocket socket));
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:8080"), socket.LocalEndPoint);
    }

    [Fact]
    public void DecodePids_PidArray_SkipsKernelAndNegativeEntries()
    {
        byte[] pids = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(pids, 0);
        BinaryPrimitives.WriteInt32LittleEndian(pids.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32LittleEndian(pids.AsSpan(8), -5);
        BinaryPrimitives.WriteInt32LittleEndian(pids.AsSpan(12), 99999);
        var into = new List<int>();

        LibprocDecoder.DecodePids(pids, into);

        Assert.Equal([1, 99999], into);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void DecodePids_PartialPid_ThrowsFormatException(int length) =>
        Assert.Throws<FormatException>(() => LibprocDecoder.DecodePids(new byte[length], []));

    [Fact]
    public void DecodeSocketDescriptors_FdList_KeepsSocketsOnly()
    {
        // struct proc_fdinfo { int32_t proc_fd; uint32_t proc_fdtype; }: vnode 0, socket 3, pipe 4, socket 7, kqueue 8
        byte[] list = Convert.FromHexString(
            "00000000" + "01000000" +
            "03000000" + "02000000" +
            "04000000" + "06000000" +
            "07000000" + "02000000" +
            "08000000" + "05000000");
        var into = new List<int>();

        LibprocDecoder.DecodeSocketDescriptors(list, into);

        Assert.Equal([3, 7], into);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(12)]
    public void DecodeSocketDescriptors_PartialRecord_ThrowsFormatException(int length) =>
        Assert.Throws<FormatException>(() => LibprocDecoder.DecodeSocketDescriptors(new byte[length], []));

    [Property(MaxTest = 300)]
    public Property TryDecodeListener_GeneratedSocket_RoundTrips() => Prop.ForAll(
        LibprocFixtures.Sockets.ToArbitrary(),
        s =>
        {
            bool listening = LibprocDecoder.TryDecodeListener(s.Bytes, out LibprocSocket socket);
            return listening == s.Expected.HasValue && (!listening || socket == s.Expected!.Value);
        });

    [Property(MaxTest = 500)]
    public Property TryDecodeListener_ShortRecord_ThrowsFormatException() => Prop.ForAll(
        Gen.Choose(0, 791).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n)).ToArbitrary(),
        bytes => Assert.Throws<FormatException>(() => LibprocDecoder.TryDecodeListener(bytes, out _)));

    /// <summary>Random bytes with an inet family and a listening TCP or UDP kind, checked against offsets written out here.</summary>
    [Property(MaxTest = 500)]
    public Property TryDecodeListener_ListenerHeaderRandomBody_MatchesItsBytes() => Prop.ForAll(
        (from body in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 792 + 8)
         from family in Gen.Elements(2, 30)
         from tcp in ArbMap.Default.GeneratorFor<bool>()
         from lport in Gen.Choose(1, 65535)
         select (body, family, tcp, lport)).ToArbitrary(),
        c =>
        {
            byte[] b = c.body;
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(184), c.family);           // soi_family
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(256), c.tcp ? 2 : 1);      // soi_kind
            if (c.tcp)
            {
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(344), 1);               // tcpsi_state LISTEN
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(180), 17);              // soi_protocol UDP
                BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(264), 0);                 // insi_fport
                BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(268), (ushort)c.lport);   // insi_lport
            }

            Assert.True(LibprocDecoder.TryDecodeListener(b, out LibprocSocket socket));
            Assert.Equal(c.tcp ? Transport.Tcp : Transport.Udp, socket.Transport);
            Assert.Equal((b[268] << 8) | b[269], socket.LocalEndPoint.Port);
            Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(160)), socket.SocketHandle);
            Assert.Equal(LibprocFixtures.ExpectedAddress(c.family, b[288], b[312..328]), socket.LocalEndPoint.Address);
        });

    [Property(MaxTest = 500)]
    public Property TryDecodeListener_MutatedSocket_DecodesOrThrowsFormatException() => Prop.ForAll(
        LibprocFixtures.Mutated.ToArbitrary(),
        bytes => DecodesOrRejects(bytes));

    [Property(MaxTest = 300)]
    public Property DecodeLists_ArbitraryBytes_DecodeWholeRecordsOrThrowFormatException() => Prop.ForAll(
        ArbMap.Default.GeneratorFor<byte[]>().ToArbitrary(),
        bytes =>
        {
            var pids = new List<int>();
            var fds = new List<int>();
            bool pidsOk = Try(() => LibprocDecoder.DecodePids(bytes, pids));
            bool fdsOk = Try(() => LibprocDecoder.DecodeSocketDescriptors(bytes, fds));
            return pidsOk == (bytes.Length % 4 == 0) && fdsOk == (bytes.Length % 8 == 0)
                && pids.Count <= bytes.Length / 4 && pids.All(p => p > 0)
                && fds.Count <= bytes.Length / 8 && fds.All(fd => fd >= 0);
        });

    private static bool Try(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool DecodesOrRejects(byte[] bytes)
    {
        try
        {
            if (!LibprocDecoder.TryDecodeListener(bytes, out LibprocSocket socket))
            {
                return bytes.Length >= 792;
            }

            return bytes.Length >= 792 && socket.Transport is Transport.Tcp or Transport.Udp
                && socket.LocalEndPoint.Port == ((bytes[268] << 8) | bytes[269])
                && socket.SocketHandle == BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(160))
                && !socket.LocalEndPoint.Address.IsIPv4MappedToIPv6;
        }
        catch (FormatException)
        {
            return bytes.Length < 792;
        }
    }
}
