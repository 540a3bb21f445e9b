using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net;

namespace PortClassification;

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

    /// <summary>The address family of a compat request: both IPv4 and IPv6 in one walk.</summary>
    internal const int AfUnspec = 0;

    /// <summary>The size of the longest request: header 16 + <c>inet_diag_req</c> 60 + attribute 4 + the longest bytecode.</summary>
    internal const int MaxRequestSize = HeaderSize + CompatRequestBodySize + 4 + SockDiagBytecode.MaxLength;

    private const int HeaderSize = 16;           // struct nlmsghdr
    private const int RequestBodySize = 56;      // struct inet_diag_req_v2
    private const int CompatRequestBodySize = 60; // struct inet_diag_req (the pre-3.3 request, TCP only)
    private const int DiagMessageSize = 72;      // struct inet_diag_msg
    private const ushort NlmsgError = 2;
    private const ushort NlmsgDone = 3;
    private const ushort SockDiagByFamily = 20;
    private const ushort TcpDiagGetSock = 18;    // the compat request type; its replies carry the same type
    private const ushort NlmFRequest = 0x1;
    private const ushort NlmFDumpIntr = 0x10;
    private const ushort NlmFDump = 0x300;       // NLM_F_ROOT | NLM_F_MATCH
    private const ushort InetDiagReqBytecode = 1;

    /// <summary>Writes a dump request for one address family and protocol into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="MaxRequestSize"/> bytes.</param>
    /// <param name="family"><see cref="AfInet"/> or <see cref="AfInet6"/>.</param>
    /// <param name="protocol"><see cref="IpProtoTcp"/> or <see cref="IpProtoUdp"/>.</param>
    /// <param name="kernelStates">The <c>idiag_states</c> mask (<see cref="LinuxSocketStates.KernelMask"/>).</param>
    /// <param name="sequence">The netlink sequence number that replies will echo.</param>
    /// <param name="bytecode">A filter program from <see cref="SockDiagBytecode"/>, or empty for none.</param>
    /// <returns>The number of bytes written.</returns>
    internal static int WriteDumpRequest(Span<byte> destination, int family, int protocol, uint kernelStates, uint sequence, ReadOnlySpan<byte> bytecode)
    {
        int length = HeaderSize + RequestBodySize + (bytecode.IsEmpty ? 0 : 4 + bytecode.Length);
        Span<byte> m = destination[..length];
        m.Clear();
        WriteHost32(m, 0, (uint)length);
        WriteHost16(m, 4, SockDiagByFamily);
        WriteHost16(m, 6, NlmFRequest | NlmFDump);
        WriteHost32(m, 8, sequence);
        m[16] = (byte)family;                                                       // sdiag_family
        m[17] = (byte)protocol;                                                     // sdiag_protocol
        WriteHost32(m, 20, kernelStates);                                           // idiag_states
        if (!bytecode.IsEmpty)
        {
            WriteHost16(m, 72, (ushort)(4 + bytecode.Length));                      // rta_len
            WriteHost16(m, 74, InetDiagReqBytecode);                                // rta_type
            bytecode.CopyTo(m[76..]);
        }

        return length;
    }

    /// <summary>
    /// Writes a TCP dump request of the older <c>TCPDIAG_GETSOCK</c> kind, which the kernel turns into a walk with
    /// <c>sdiag_family = AF_UNSPEC</c>: IPv4 and IPv6 sockets in one pass over each table, where
    /// <c>SOCK_DIAG_BY_FAMILY</c> needs one pass per family (it refuses <c>AF_UNSPEC</c> with <c>ENOENT</c>).
    /// </summary>
    /// <remarks>
    /// <c>net/ipv4/inet_diag.c</c> <c>inet_diag_dump_compat</c> copies <c>idiag_states</c>, <c>id</c> and the
    /// <c>INET_DIAG_REQ_BYTECODE</c> attribute into an <c>inet_diag_req_v2</c> with family <c>AF_UNSPEC</c>; the replies are
    /// <c>inet_diag_msg</c> records under message type 18. Body layout (<c>struct inet_diag_req</c>): family 0, src_len 1,
    /// dst_len 2, ext 3, <c>id</c> 4–51, <c>idiag_states</c> 52, <c>idiag_dbs</c> 56.
    /// </remarks>
    /// <param name="destination">At least <see cref="MaxRequestSize"/> bytes.</param>
    /// <param name="kernelStates">The <c>idiag_states</c> mask (<see cref="LinuxSocketStates.KernelMask"/>).</param>
    /// <param name="sequence">The netlink sequence number that replies will echo.</param>
    /// <param name="bytecode">A filter program from <see cref="SockDiagBytecode"/>, or empty for none.</param>
    /// <returns>The number of bytes written.</returns>
    internal static int WriteCompatTcpDumpRequest(Span<byte> destination, uint kernelStates, uint sequence, ReadOnlySpan<byte> bytecode)
    {
        int length = HeaderSize + CompatRequestBodySize + (bytecode.IsEmpty ? 0 : 4 + bytecode.Length);
        Span<byte> m = destination[..length];
        m.Clear();
        WriteHost32(m, 0, (uint)length);
        WriteHost16(m, 4, TcpDiagGetSock);
        WriteHost16(m, 6, NlmFRequest | NlmFDump);
        WriteHost32(m, 8, sequence);
        m[16] = AfUnspec;                                                           // idiag_family
        WriteHost32(m, 16 + 52, kernelStates);                                      // idiag_states
        if (!bytecode.IsEmpty)
        {
            WriteHost16(m, 76, (ushort)(4 + bytecode.Length));                      // rta_len
            WriteHost16(m, 78, InetDiagReqBytecode);                                // rta_type
            bytecode.CopyTo(m[80..]);
        }

        return length;
    }

    /// <summary>Decodes one datagram of a dump reply, appending the sockets it describes.</summary>
    /// <param name="datagram">The bytes <c>recv</c> returned.</param>
    /// <param name="sequence">The request's sequence number; messages with another are ignored.</param>
    /// <param name="transport">The transport the request asked for.</param>
    /// <param name="states">The <see cref="SocketState"/> bits the request asked for; records in another state (or in no state of the transport) are skipped.</param>
    /// <param name="records">Receives the decoded sockets.</param>
    /// <param name="interrupted">Set to <see langword="true"/> when a message carries <c>NLM_F_DUMP_INTR</c>; never reset.</param>
    /// <param name="error">The positive errno when <see cref="SockDiagStatus.Error"/> is returned; otherwise 0.</param>
    /// <returns>Whether more datagrams follow, the dump ended, or the kernel reported an error.</returns>
    /// <exception cref="FormatException">A length or field is inconsistent.</exception>
    internal static SockDiagStatus Parse(
        ReadOnlySpan<byte> datagram, uint sequence, Transport transport, int states,
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
                case TcpDiagGetSock:
                    DecodeSocket(payload, transport, states, records);
                    break;
                default:
                    break; // NLMSG_NOOP and anything newer carry nothing we need.
            }
        }

        return SockDiagStatus.More;
    }

    private static void DecodeSocket(ReadOnlySpan<byte> m, Transport transport, int states, List<LinuxSocketRecord> records)
    {
        if (m.Length < DiagMessageSize)
        {
            throw new FormatException($"An inet_diag_msg needs {DiagMessageSize} bytes; the message has {m.Length}.");
        }

        // A multi-bit mask brings states the caller did not ask for (SYN_RECV brings NEW_SYN_RECV, for one);
        // a state the transport does not have is newer than this code: skip both.
        if (!LinuxSocketStates.TryMap(transport, m[1], out SocketState state) || (states & (1 << (int)state)) == 0)
        {
            return;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(m[4..]);             // id.idiag_sport
        uint uid = ReadHost32(m, 64);
        ulong inode = ReadHost32(m, 68);
        uint scope = ReadHost32(m, 40);                                     // id.idiag_if
        IPEndPoint local = DecodeEndPoint(m, 8, port, scope);
        IPEndPoint? remote = state is SocketState.Listen or SocketState.Bound
            ? null // a bound-only socket may still carry the peer of a connection it had; it has none now
            : DecodeEndPoint(m, 24, BinaryPrimitives.ReadUInt16BigEndian(m[6..]), scope); // id.idiag_dst, idiag_dport
        records.Add(new LinuxSocketRecord(transport, local, uid, inode, state, remote));
    }

    private static IPEndPoint DecodeEndPoint(ReadOnlySpan<byte> m, int offset, int port, uint scope) => m[0] switch
    {
        AfInet => ListenerAddress.FromIPv4(m.Slice(offset, 4), port),
        AfInet6 => ListenerAddress.FromIPv6(m.Slice(offset, 16), port, scope),
        _ => throw new FormatException($"An inet_diag_msg has address family {m[0]}, neither AF_INET nor AF_INET6."),
    };

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
