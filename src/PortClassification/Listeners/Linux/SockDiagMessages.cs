using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace PortClassification.Internal;

/// <summary>How a netlink datagram of a sock_diag dump ended.</summary>
internal enum SockDiagStatus
{
    /// <summary>More datagrams follow.</summary>
    More,

    /// <summary><c>NLMSG_DONE</c> arrived: the dump is complete.</summary>
    Done,

    /// <summary><c>NLMSG_DONE</c> arrived, but some message carried <c>NLM_F_DUMP_INTR</c>: the tables changed during the dump, so it must be repeated.</summary>
    Interrupted,

    /// <summary>The kernel answered <c>NLMSG_ERROR</c> (or a failed <c>NLMSG_DONE</c>); the errno is returned separately.</summary>
    Error,
}

/// <summary>
/// The pure half of the netlink reader: builds <c>SOCK_DIAG_BY_FAMILY</c> dump requests and decodes the
/// replies (<c>&lt;linux/netlink.h&gt;</c>, <c>&lt;linux/sock_diag.h&gt;</c>, <c>&lt;linux/inet_diag.h&gt;</c>).
/// All integers are host byte order except ports and addresses, which are network order.
/// </summary>
internal static class SockDiagMessages
{
    internal const int AfInet = 2;
    internal const int AfInet6 = 10;
    internal const int IpProtoTcp = 6;
    internal const int IpProtoUdp = 17;

    /// <summary><c>TCP_LISTEN</c>: a listening TCP socket.</summary>
    internal const int StateListen = 10;

    /// <summary><c>TCP_CLOSE</c>: for UDP, a socket that is not connected (what <c>ss -lu</c> lists).</summary>
    internal const int StateClose = 7;

    /// <summary>The size of a request with a port filter: header 16 + <c>inet_diag_req_v2</c> 56 + attribute 4 + bytecode 16.</summary>
    internal const int MaxRequestSize = 92;

    private const int HeaderSize = 16;           // struct nlmsghdr
    private const int RequestBodySize = 56;      // struct inet_diag_req_v2
    private const int DiagMessageSize = 72;      // struct inet_diag_msg
    private const ushort NlmsgError = 2;
    private const ushort NlmsgDone = 3;
    private const ushort SockDiagByFamily = 20;
    private const ushort NlmFRequest = 0x1;
    private const ushort NlmFDumpIntr = 0x10;
    private const ushort NlmFDump = 0x300;       // NLM_F_ROOT | NLM_F_MATCH
    private const ushort InetDiagReqBytecode = 1;
    private const byte BcSGe = 2;                // INET_DIAG_BC_S_GE
    private const byte BcSLe = 3;                // INET_DIAG_BC_S_LE

    /// <summary>Writes a dump request for one address family and protocol into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="MaxRequestSize"/> bytes.</param>
    /// <param name="family"><see cref="AfInet"/> or <see cref="AfInet6"/>.</param>
    /// <param name="protocol"><see cref="IpProtoTcp"/> or <see cref="IpProtoUdp"/>.</param>
    /// <param name="state">The one socket state to dump.</param>
    /// <param name="sequence">The netlink sequence number that replies will echo.</param>
    /// <param name="port">
    /// A local port the kernel should filter on, or <see langword="null"/>. Encoded as the bytecode
    /// <c>sport &gt;= p &amp;&amp; sport &lt;= p</c>, exactly what <c>ss 'sport = :p'</c> sends: <c>S_GE</c>/<c>S_LE</c>
    /// are accepted by every kernel with sock_diag, while <c>S_EQ</c> needs Linux 4.16 or later.
    /// </param>
    /// <returns>The number of bytes written.</returns>
    internal static int WriteDumpRequest(Span<byte> destination, int family, int protocol, int state, uint sequence, ushort? port)
    {
        int length = HeaderSize + RequestBodySize + (port is null ? 0 : 4 + 16);
        Span<byte> m = destination[..length];
        m.Clear();
        WriteHost32(m, 0, (uint)length);
        WriteHost16(m, 4, SockDiagByFamily);
        WriteHost16(m, 6, NlmFRequest | NlmFDump);
        WriteHost32(m, 8, sequence);
        m[16] = (byte)family;                                                       // sdiag_family
        m[17] = (byte)protocol;                                                     // sdiag_protocol
        WriteHost32(m, 20, 1u << state);                                            // idiag_states
        if (port is ushort p)
        {
            WriteHost16(m, 72, 4 + 16);                                             // rta_len
            WriteHost16(m, 74, InetDiagReqBytecode);                                // rta_type
            // struct inet_diag_bc_op { u8 code; u8 yes; u16 no; }; the port sits in the next op's 'no'.
            // A false test jumps past the end (len < 0), which rejects the socket.
            WriteOp(m, 76, BcSGe, 8, 20);
            WriteOp(m, 80, 0, 0, p);
            WriteOp(m, 84, BcSLe, 8, 12);
            WriteOp(m, 88, 0, 0, p);
        }

        return length;
    }

    /// <summary>Decodes one datagram of a dump reply, appending the sockets it describes.</summary>
    /// <param name="datagram">The bytes <c>recv</c> returned.</param>
    /// <param name="sequence">The request's sequence number; messages with another are ignored.</param>
    /// <param name="transport">The transport the request asked for.</param>
    /// <param name="state">The state the request asked for; records in another state are skipped.</param>
    /// <param name="records">Receives the decoded sockets.</param>
    /// <param name="interrupted">Set to <see langword="true"/> when a message carries <c>NLM_F_DUMP_INTR</c>; never reset.</param>
    /// <param name="error">The positive errno when <see cref="SockDiagStatus.Error"/> is returned; otherwise 0.</param>
    /// <returns>Whether more datagrams follow, the dump ended, or the kernel reported an error.</returns>
    /// <exception cref="FormatException">A length or field is inconsistent.</exception>
    internal static SockDiagStatus Parse(
        ReadOnlySpan<byte> datagram, uint sequence, Transport transport, int state,
        List<LinuxSocketRecord> records, ref bool interrupted, out int error)
    {
        error = 0;
        if (datagram.IsEmpty)
        {
            throw new FormatException("The netlink datagram is empty.");
        }

        while (!datagram.IsEmpty)
        {
            if (datagram.Length < HeaderSize)
            {
                throw new FormatException($"A netlink message needs a 16-byte header; {datagram.Length} bytes remain.");
            }

            uint length = ReadHost32(datagram, 0);
            if (length < HeaderSize || length > (uint)datagram.Length)
            {
                throw new FormatException($"A netlink message declares {length} bytes; {datagram.Length} remain.");
            }

            ushort type = ReadHost16(datagram, 4);
            ushort flags = ReadHost16(datagram, 6);
            bool ours = ReadHost32(datagram, 8) == sequence;
            ReadOnlySpan<byte> payload = datagram[HeaderSize..(int)length];
            int aligned = (int)Math.Min((length + 3) & ~3u, (uint)datagram.Length);
            datagram = datagram[aligned..];
            if (!ours)
            {
                continue;
            }

            if ((flags & NlmFDumpIntr) != 0)
            {
                interrupted = true;
            }

            switch (type)
            {
                case NlmsgDone:
                    // Since Linux 4.x NLMSG_DONE carries an int: 0, or a negative errno when the dump failed.
                    int status = payload.Length >= 4 ? unchecked((int)ReadHost32(payload, 0)) : 0;
                    if (status < 0)
                    {
                        // int.MinValue has no positive counterpart; no real errno is that large anyway.
                        error = status == int.MinValue ? int.MaxValue : -status;
                        return SockDiagStatus.Error;
                    }

                    return interrupted ? SockDiagStatus.Interrupted : SockDiagStatus.Done;
                case NlmsgError:
                    if (payload.Length < 4)
                    {
                        throw new FormatException("An NLMSG_ERROR message has no error code.");
                    }

                    int code = unchecked((int)ReadHost32(payload, 0));
                    error = code == int.MinValue ? int.MaxValue : -code;
                    return code == 0 ? SockDiagStatus.Done : SockDiagStatus.Error;
                case SockDiagByFamily:
                    DecodeSocket(payload, transport, state, records);
                    break;
                default:
                    break; // NLMSG_NOOP and anything newer carry nothing we need.
            }
        }

        return SockDiagStatus.More;
    }

    private static void DecodeSocket(ReadOnlySpan<byte> m, Transport transport, int state, List<LinuxSocketRecord> records)
    {
        if (m.Length < DiagMessageSize)
        {
            throw new FormatException($"An inet_diag_msg needs {DiagMessageSize} bytes; the message has {m.Length}.");
        }

        if (m[1] != state)
        {
            return; // not the state asked for (cannot happen with a correct kernel filter)
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(m[4..]);             // id.idiag_sport
        uint uid = ReadHost32(m, 64);
        ulong inode = ReadHost32(m, 68);
        var endPoint = m[0] switch
        {
            AfInet => ListenerAddress.FromIPv4(m.Slice(8, 4), port),
            AfInet6 => ListenerAddress.FromIPv6(m.Slice(8, 16), port, ReadHost32(m, 40)),
            _ => throw new FormatException($"An inet_diag_msg has address family {m[0]}, neither AF_INET nor AF_INET6."),
        };
        records.Add(new LinuxSocketRecord(transport, endPoint, uid, inode));
    }

    private static void WriteOp(Span<byte> m, int offset, byte code, byte yes, ushort no)
    {
        m[offset] = code;
        m[offset + 1] = yes;
        WriteHost16(m, offset + 2, no);
    }

    private static uint ReadHost32(ReadOnlySpan<byte> s, int offset) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(s[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(s[offset..]);

    private static ushort ReadHost16(ReadOnlySpan<byte> s, int offset) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(s[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(s[offset..]);

    private static void WriteHost32(Span<byte> s, int offset, uint value)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[offset..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(s[offset..], value);
        }
    }

    private static void WriteHost16(Span<byte> s, int offset, ushort value)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s[offset..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(s[offset..], value);
        }
    }
}
