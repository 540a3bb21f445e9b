using System.Buffers.Binary;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Linux;

public sealed class SockDiagMessagesTests
{
    public static TheoryData<string, Transport, int, string[]> Captured => new()
    {
        { "sockdiag-tcp4-listen.bin", Transport.Tcp, LinuxSocketFilter.ListenBit, ["0.0.0.0:2024", "127.0.0.1:39325"] },
        { "sockdiag-tcp6-listen.bin", Transport.Tcp, LinuxSocketFilter.ListenBit, ["127.0.0.1:37423", "[::]:58439", "[::1]:41847"] },
        { "sockdiag-udp4-unconnected.bin", Transport.Udp, LinuxSocketFilter.BoundBit, ["127.0.0.1:39831"] },
        { "sockdiag-udp6-unconnected.bin", Transport.Udp, LinuxSocketFilter.BoundBit, ["[::1]:39891"] },
    };

    [Theory]
    [MemberData(nameof(Captured))]
    public void Parse_CapturedDump_ListsTheListenersAndEnds(string file, Transport transport, int state, string[] expected)
    {
        var records = new List<LinuxSocketRecord>();
        bool interrupted = false;

        SockDiagStatus status = SockDiagMessages.Parse(FixtureFiles.Read(file), FixtureFiles.DumpSequence, transport, state, records, ref interrupted, out int error);

        Assert.Equal(SockDiagStatus.Done, status);
        Assert.Equal(0, error);
        Assert.Equal(expected.Order(), records.Select(r => r.LocalEndPoint.ToString()).Order());
        Assert.All(records, r => Assert.NotEqual(0UL, r.Inode));
    }

    [Fact]
    public void Parse_CapturedDump_ReadsUidAndInode()
    {
        var records = new List<LinuxSocketRecord>();
        bool interrupted = false;

        _ = SockDiagMessages.Parse(FixtureFiles.Read("sockdiag-tcp4-listen.bin"), FixtureFiles.DumpSequence, Transport.Tcp, LinuxSocketFilter.ListenBit, records, ref interrupted, out _);

        Assert.Contains(new LinuxSocketRecord(Transport.Tcp, new IPEndPoint(IPAddress.Loopback, 39325), 0, 82447), records);
    }

    [Fact]
    public void WriteDumpRequest_NoPort_IsHeaderAndRequest()
    {
        byte[] buffer = new byte[SockDiagMessages.MaxRequestSize];

        int length = SockDiagMessages.WriteDumpRequest(buffer, SockDiagMessages.AfInet6, SockDiagMessages.IpProtoUdp, LinuxSocketStates.KernelMask(Transport.Udp, LinuxSocketFilter.BoundBit), 99, []);

        Assert.Equal(72, length);
        Assert.Equal(72u, BinaryPrimitives.ReadUInt32LittleEndian(buffer));
        Assert.Equal(20, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(4)));     // SOCK_DIAG_BY_FAMILY
        Assert.Equal(0x301, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(6)));  // NLM_F_REQUEST | NLM_F_DUMP
        Assert.Equal(99u, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(8)));
        Assert.Equal([10, 17, 0, 0], buffer[16..20]);
        Assert.Equal(1u << 7, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(20)));
    }

    [Fact]
    public void WriteDumpRequest_Port_AppendsTheBytecodeSsSends()
    {
        byte[] buffer = new byte[SockDiagMessages.MaxRequestSize];

        byte[] program = new byte[SockDiagBytecode.MaxLength];
        int programLength = SockDiagBytecode.Write(program, 0x1234, -1, -1);

        int length = SockDiagMessages.WriteDumpRequest(buffer, SockDiagMessages.AfInet, SockDiagMessages.IpProtoTcp, LinuxSocketStates.KernelMask(Transport.Tcp, LinuxSocketFilter.ListenBit), 1, program.AsSpan(0, programLength));

        Assert.Equal(92, length);
        // rtattr { len 20, INET_DIAG_REQ_BYTECODE }, { S_GE, 8, 20 }, { 0, 0, port }, { S_LE, 8, 12 }, { 0, 0, port }
        Assert.Equal(new byte[] { 20, 0, 1, 0, 2, 8, 20, 0, 0, 0, 0x34, 0x12, 3, 8, 12, 0, 0, 0, 0x34, 0x12 }, buffer[72..92]);
    }

    [Fact]
    public void WriteCompatTcpDumpRequest_IsTcpDiagGetSockForBothFamilies_WithTheBytecode()
    {
        byte[] buffer = new byte[SockDiagMessages.MaxRequestSize];
        byte[] program = new byte[SockDiagBytecode.MaxLength];
        int programLength = SockDiagBytecode.Write(program, 0x1234, -1, -1);
        uint states = LinuxSocketStates.KernelMask(Transport.Tcp, LinuxSocketFilter.TcpStatesAll);

        int length = SockDiagMessages.WriteCompatTcpDumpRequest(buffer, states, 7, program.AsSpan(0, programLength));

        // nlmsghdr 16 + struct inet_diag_req 60 + rtattr 4 + program 16 (include/uapi/linux/inet_diag.h)
        Assert.Equal(96, length);
        Assert.Equal(96u, BinaryPrimitives.ReadUInt32LittleEndian(buffer));
        Assert.Equal(18, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(4)));     // TCPDIAG_GETSOCK
        Assert.Equal(0x301, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(6)));  // NLM_F_REQUEST | NLM_F_DUMP
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(8)));
        Assert.Equal(new byte[52], buffer[16..68]);                                     // AF_UNSPEC, no lengths, no ext, id zero
        Assert.Equal(states, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(68))); // idiag_states
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(72)));      // idiag_dbs
        Assert.Equal(new byte[] { 20, 0, 1, 0, 2, 8, 20, 0, 0, 0, 0x34, 0x12, 3, 8, 12, 0, 0, 0, 0x34, 0x12 }, buffer[76..96]);
    }

    [Fact]
    public void WriteCompatTcpDumpRequest_NoPort_IsHeaderAndRequestOnly()
    {
        byte[] buffer = new byte[SockDiagMessages.MaxRequestSize];

        int length = SockDiagMessages.WriteCompatTcpDumpRequest(buffer, 1u << 10, 1, []);

        Assert.Equal(76, length);
        Assert.Equal(1u << 10, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(68)));
    }

    [Fact]
    public void Parse_CompatReplyType_DecodesBothFamilies()
    {
        byte[] v4 = DiagMessage(2, LinuxSocketStates.Listen, [127, 0, 0, 1], 80, ifIndex: 0, type: 18);
        byte[] v6 = DiagMessage(10, LinuxSocketStates.Listen, IPAddress.IPv6Loopback.GetAddressBytes(), 81, ifIndex: 0, type: 18);

        List<LinuxSocketRecord> records = ParseAll(Concat(v4, v6, Done()), out SockDiagStatus status);

        Assert.Equal(SockDiagStatus.Done, status);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 80), new IPEndPoint(IPAddress.IPv6Loopback, 81)], records.Select(r => r.LocalEndPoint));
    }

    [Fact]
    public void Parse_LinkLocalWithInterface_CarriesScopeId()
    {
        byte[] message = DiagMessage(10, LinuxSocketStates.Listen, IPAddress.Parse("fe80::1").GetAddressBytes(), 8080, ifIndex: 3);

        LinuxSocketRecord record = Assert.Single(ParseAll(Concat(message, Done()), out SockDiagStatus status));

        Assert.Equal(SockDiagStatus.Done, status);
        Assert.Equal(3, record.LocalEndPoint.Address.ScopeId);
        Assert.Equal(8080, record.LocalEndPoint.Port);
    }

    [Fact]
    public void Parse_LoopbackWithInterface_HasNoScopeId()
    {
        byte[] message = DiagMessage(10, LinuxSocketStates.Listen, IPAddress.IPv6Loopback.GetAddressBytes(), 1, ifIndex: 1);

        Assert.Equal(IPAddress.IPv6Loopback, Assert.Single(ParseAll(Concat(message, Done()), out _)).LocalEndPoint.Address);
    }

    [Fact]
    public void Parse_OtherState_IsSkipped()
    {
        byte[] message = DiagMessage(2, 1 /* ESTABLISHED */, [127, 0, 0, 1], 5, ifIndex: 0);

        Assert.Empty(ParseAll(Concat(message, Done()), out _));
    }

    [Fact]
    public void Parse_OtherSequence_IsIgnored()
    {
        byte[] message = DiagMessage(2, LinuxSocketStates.Listen, [127, 0, 0, 1], 5, ifIndex: 0, sequence: 8);

        Assert.Empty(ParseAll(Concat(message, Done()), out _));
    }

    [Fact]
    public void Parse_NoDoneYet_AsksForMore()
    {
        byte[] message = DiagMessage(2, LinuxSocketStates.Listen, [127, 0, 0, 1], 5, ifIndex: 0);

        Assert.Single(ParseAll(message, out SockDiagStatus status));
        Assert.Equal(SockDiagStatus.More, status);
    }

    [Fact]
    public void Parse_DumpIntrFlag_ReportsInterrupted()
    {
        byte[] message = DiagMessage(2, LinuxSocketStates.Listen, [127, 0, 0, 1], 5, ifIndex: 0, flags: 0x12);

        _ = ParseAll(Concat(message, Done()), out SockDiagStatus status);

        Assert.Equal(SockDiagStatus.Interrupted, status);
    }

    [Theory]
    [InlineData(2, -13, 13)]   // NLMSG_ERROR EACCES
    [InlineData(3, -22, 22)]   // NLMSG_DONE carrying a failed dump's errno
    [InlineData(2, int.MinValue, int.MaxValue)]
    [InlineData(3, int.MinValue, int.MaxValue)]
    [InlineData(2, -int.MaxValue, int.MaxValue)]
    [InlineData(3, -int.MaxValue, int.MaxValue)]
    public void Parse_KernelError_ReturnsErrno(int type, int code, int expected)
    {
        byte[] message = Message((ushort)type, 0, BitConverter.GetBytes(code));
        var records = new List<LinuxSocketRecord>();
        bool interrupted = false;

        SockDiagStatus status = SockDiagMessages.Parse(message, FixtureFiles.DumpSequence, Transport.Tcp, LinuxSocketFilter.ListenBit, records, ref interrupted, out int error);

        Assert.Equal(SockDiagStatus.Error, status);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    public void Parse_DoneWithPositiveStatus_IsDone(int code) =>
        Assert.Equal(SockDiagStatus.Done, Status(Message(3, 2, BitConverter.GetBytes(code))));

    [Fact]
    public void Parse_Ack_IsDone() =>
        Assert.Equal(SockDiagStatus.Done, Status(Message(2, 0, new byte[20])));

    public static TheoryData<byte[]> Malformed => new()
    {
        Array.Empty<byte>(),
        new byte[15],                                                              // shorter than a header
        Message(20, 0, new byte[10]),                                              // inet_diag_msg too short
        DiagMessage(99, LinuxSocketStates.Listen, [1, 2, 3, 4], 1, 0),         // unknown family
        Message(2, 0, []),                                                         // NLMSG_ERROR without code
        TooLong(),
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_Malformed_ThrowsFormatException(byte[] datagram) =>
        Assert.Throws<FormatException>(() => Status(datagram));

    [Property(MaxTest = 500)]
    public Property Parse_MutatedDump_ReturnsOrThrowsFormatException()
    {
        string[] files = ["sockdiag-tcp4-listen.bin", "sockdiag-tcp6-listen.bin", "sockdiag-udp4-unconnected.bin", "sockdiag-udp6-unconnected.bin"];
        Gen<(int File, Mutation<byte>[] Mutations)> gen =
            from file in Gen.Choose(0, files.Length - 1)
            from mutations in Mutation.Generator.ArrayOf()
            select (file, mutations);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            try
            {
                _ = Status(Mutation.Apply(FixtureFiles.Read(files[input.File]), input.Mutations));
            }
            catch (FormatException)
            {
                // documented outcome for a malformed reply
            }
        });
    }

    /// <summary>
    /// Builds datagrams message by message with boundary integers in every header and payload field, so the extreme
    /// cases random byte edits rarely reach (a status of int.MinValue, a length of uint.MaxValue) are exercised.
    /// </summary>
    [Property(MaxTest = 1000)]
    public Property Parse_BoundaryFields_ReturnsOrThrowsFormatException()
    {
        Gen<uint> boundary = Gen.Elements(0u, 1u, 2u, 3u, 15u, 16u, 17u, 20u, 72u, 88u, 0x7FFF_FFFFu, 0x8000_0000u, 0xFFFF_FFFEu, 0xFFFF_FFFFu);
        Gen<uint> any = Gen.OneOf(boundary, Gen.Choose(int.MinValue, int.MaxValue).Select(i => unchecked((uint)i)));
        Gen<byte[]> message =
            from type in Gen.Elements<ushort>(1, 2, 3, 20, 0, 0xFFFF)
            from flags in Gen.Elements<ushort>(0, 2, 0x10, 0xFFFF)
            from sequence in Gen.OneOf(Gen.Constant(FixtureFiles.DumpSequence), any)
            from bodyWords in Gen.Choose(0, 20)
            from words in any.ArrayOf(bodyWords)
            from family in Gen.Elements<byte>(0, 2, 10, 0xFF)
            from state in Gen.Elements<byte>(0, 7, 10, 0xFF)
            from lengthKind in Gen.Choose(0, 2)
            from length in any
            select Build(type, flags, sequence, words, family, state, lengthKind, length);
        Gen<byte[]> datagram = message.NonEmptyListOf().Select(ms => Concat([.. ms]));
        return Prop.ForAll(datagram.ToArbitrary(), bytes =>
        {
            try
            {
                _ = Status(bytes);
            }
            catch (FormatException)
            {
                // documented outcome for a malformed reply
            }
        });

        static byte[] Build(ushort type, ushort flags, uint sequence, uint[] words, byte family, byte state, int lengthKind, uint length)
        {
            byte[] body = new byte[words.Length * 4];
            for (int i = 0; i < words.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(i * 4), words[i]);
            }

            if (type == 20 && body.Length >= 2)
            {
                body[0] = family;
                body[1] = state;
            }

            byte[] m = Message(type, flags, body, sequence);
            if (lengthKind == 2)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(m, length); // a lying length: huge, zero, or short
            }

            return m;
        }
    }

    private static SockDiagStatus Status(byte[] datagram)
    {
        _ = ParseAll(datagram, out SockDiagStatus status);
        return status;
    }

    private static List<LinuxSocketRecord> ParseAll(byte[] datagram, out SockDiagStatus status)
    {
        var records = new List<LinuxSocketRecord>();
        bool interrupted = false;
        status = SockDiagMessages.Parse(datagram, FixtureFiles.DumpSequence, Transport.Tcp, LinuxSocketFilter.ListenBit, records, ref interrupted, out _);
        return records;
    }

    private static byte[] TooLong()
    {
        byte[] m = Done();
        BinaryPrimitives.WriteUInt32LittleEndian(m, 200);
        return m;
    }

    private static byte[] Done() => Message(3, 2, new byte[4]);

    private static byte[] DiagMessage(byte family, byte state, byte[] address, ushort port, uint ifIndex, ushort flags = 2, uint sequence = FixtureFiles.DumpSequence, ushort type = 20)
    {
        byte[] body = new byte[72];
        body[0] = family;
        body[1] = state;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(4), port);
        address.CopyTo(body, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(40), ifIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(64), 1000);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(68), 4242);
        return Message(type, flags, body, sequence);
    }

    private static byte[] Message(ushort type, ushort flags, byte[] body, uint sequence = FixtureFiles.DumpSequence)
    {
        byte[] m = new byte[16 + ((body.Length + 3) & ~3)];
        BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)(16 + body.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(8), sequence);
        body.CopyTo(m, 16);
        return m;
    }

    private static byte[] Concat(params byte[][] messages) => [.. messages.SelectMany(m => m)];
}
