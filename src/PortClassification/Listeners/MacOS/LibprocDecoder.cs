using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net;

namespace PortClassification;

/// <summary>
/// Decodes what macOS libproc returns: <c>proc_listpids</c> pid arrays, <c>PROC_PIDLISTFDS</c> descriptor lists and
/// <c>PROC_PIDFDSOCKETINFO</c> socket records. Pure: bytes in, values or <see cref="FormatException"/> out.
/// </summary>
/// <remarks>
/// Offsets are Darwin LP64 (x86_64 and arm64 alike), recomputed from <c>bsd/sys/proc_info.h</c> in apple-oss-distributions/xnu:
/// <code>
/// struct proc_fdinfo     8 B  proc_fd 0 (int32), proc_fdtype 4 (uint32; PROX_FDTYPE_SOCKET = 2)
/// struct socket_fdinfo 792 B  pfi (proc_fileinfo, 24 B) 0, psi (socket_info) 24
///   psi.soi_so 160 (uint64)  soi_protocol 180  soi_family 184  soi_kind 256  soi_proto (union) 264
///   soi_proto.pri_in / pri_tcp.tcpsi_ini (struct in_sockinfo):
///     insi_fport 264  insi_lport 268  (int; the port in network order in the low 16 bits)
///     insi_vflag 288  (uint8; INI_IPV4 = 1, INI_IPV6 = 2)
///     insi_faddr 296  insi_laddr 312  (16 B each; IPv4 is ina_46.i46a_addr4, the last 4 bytes)
///   soi_proto.pri_tcp.tcpsi_state 344  (int; TSI_S_LISTEN = 1)
/// </code>
/// Integers are in the host's byte order, little-endian on every Mac .NET runs on.
/// </remarks>
internal static class LibprocDecoder
{
    /// <summary><c>PROC_PIDFDSOCKETINFO_SIZE</c>, <c>sizeof(struct socket_fdinfo)</c>.</summary>
    internal const int SocketFdInfoSize = 792;

    /// <summary><c>PROC_PIDLISTFD_SIZE</c>, <c>sizeof(struct proc_fdinfo)</c>.</summary>
    internal const int FdInfoSize = 8;

    internal const int SocketHandleOffset = 24 + 136;
    internal const int ProtocolOffset = 24 + 156;
    internal const int FamilyOffset = 24 + 160;
    internal const int KindOffset = 24 + 232;
    internal const int ForeignPortOffset = 24 + 240;
    internal const int LocalPortOffset = ForeignPortOffset + 4;
    internal const int VersionFlagOffset = ForeignPortOffset + 24;
    internal const int ForeignAddressOffset = ForeignPortOffset + 32;
    internal const int LocalAddressOffset = ForeignPortOffset + 48;
    internal const int TcpStateOffset = ForeignPortOffset + 80;

    private const uint ProxFdTypeSocket = 2;
    private const int AfInet = 2;
    private const int AfInet6 = 30;
    private const int SockInfoIn = 1;
    private const int SockInfoTcp = 2;
    private const int IpProtoUdp = 17;
    private const byte IniIPv4 = 1;
    private const byte IniIPv6 = 2;

    /// <summary>Appends the positive pids of a <c>proc_listpids</c> result; the kernel's pid 0 has no descriptors and is skipped.</summary>
    /// <exception cref="FormatException">The length is not a whole number of 4-byte pids.</exception>
    internal static void DecodePids(ReadOnlySpan<byte> pids, List<int> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (pids.Length % sizeof(int) != 0)
        {
            throw new FormatException($"A pid list is a whole number of 4-byte pids; {pids.Length} bytes is not.");
        }

        for (; !pids.IsEmpty; pids = pids[sizeof(int)..])
        {
            int pid = BinaryPrimitives.ReadInt32LittleEndian(pids);
            if (pid > 0)
            {
                into.Add(pid);
            }
        }
    }

    /// <summary>Appends the descriptors of a <c>PROC_PIDLISTFDS</c> result that are sockets.</summary>
    /// <exception cref="FormatException">The length is not a whole number of 8-byte <c>proc_fdinfo</c> records.</exception>
    internal static void DecodeSocketDescriptors(ReadOnlySpan<byte> fdList, List<int> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (fdList.Length % FdInfoSize != 0)
        {
            throw new FormatException($"A descriptor list is a whole number of {FdInfoSize}-byte records; {fdList.Length} bytes is not.");
        }

        for (; !fdList.IsEmpty; fdList = fdList[FdInfoSize..])
        {
            int fd = BinaryPrimitives.ReadInt32LittleEndian(fdList);
            if (BinaryPrimitives.ReadUInt32LittleEndian(fdList[4..]) == ProxFdTypeSocket && fd >= 0)
            {
                into.Add(fd);
            }
        }
    }

    /// <summary>Decodes a listener: a TCP socket in LISTEN, or a bound, unconnected UDP socket.</summary>
    /// <param name="info">The bytes <c>proc_pidfdinfo(PROC_PIDFDSOCKETINFO)</c> returned.</param>
    /// <param name="socket">The listener, when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> for a listener; <see langword="false"/> for any other socket.</returns>
    /// <exception cref="FormatException"><paramref name="info"/> is shorter than a <c>socket_fdinfo</c>.</exception>
    internal static bool TryDecodeListener(ReadOnlySpan<byte> info, out LibprocSocket socket) =>
        TryDecodeSocket(info, out socket) && socket.IsListener;

    /// <summary>
    /// Decodes any IPv4/IPv6 TCP or UDP socket (a closed TCP socket or a UDP socket only with a local port). TCP states are <c>TSI_S_*</c> from
    /// <c>bsd/sys/proc_info.h</c>: 0 CLOSED (a socket with a port but no connection: bound), 1 LISTEN, 2 SYN_SENT,
    /// 3 SYN_RECEIVED, 4 ESTABLISHED, 5 CLOSE_WAIT, 6 FIN_WAIT_1, 7 CLOSING, 8 LAST_ACK, 9 FIN_WAIT_2, 10 TIME_WAIT;
    /// other values are skipped. A UDP socket is connected when its foreign port is set.
    /// </summary>
    /// <param name="info">The bytes <c>proc_pidfdinfo(PROC_PIDFDSOCKETINFO)</c> returned.</param>
    /// <param name="socket">The socket, when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> for such a socket; otherwise <see langword="false"/>.</returns>
    /// <exception cref="FormatException"><paramref name="info"/> is shorter than a <c>socket_fdinfo</c>.</exception>
    internal static bool TryDecodeSocket(ReadOnlySpan<byte> info, out LibprocSocket socket)
    {
        socket = default;
        if (info.Length < SocketFdInfoSize)
        {
            throw new FormatException($"A socket_fdinfo is {SocketFdInfoSize} bytes; only {info.Length} were returned.");
        }

        int family = ReadInt32(info, FamilyOffset);
        int localPort = ReadPort(info, LocalPortOffset);
        int foreignPort = ReadPort(info, ForeignPortOffset);
        if (family is not (AfInet or AfInet6))
        {
            return false;
        }

        Transport transport;
        SocketState state;
        switch (ReadInt32(info, KindOffset))
        {
            case SockInfoTcp when TryMapTcpState(ReadInt32(info, TcpStateOffset), out state) && (state != SocketState.Bound || localPort != 0):
                transport = Transport.Tcp;
                break;
            case SockInfoIn when ReadInt32(info, ProtocolOffset) == IpProtoUdp && localPort != 0:
                transport = Transport.Udp;
                state = foreignPort == 0 ? SocketState.Bound : SocketState.Connected;
                break;
            default:
                return false;
        }

        IPAddress address = ReadAddress(info, LocalAddressOffset, family);
        IPEndPoint? remote = state is SocketState.Listen or SocketState.Bound
            ? null
            : new IPEndPoint(ReadAddress(info, ForeignAddressOffset, family), foreignPort);
        ulong handle = BinaryPrimitives.ReadUInt64LittleEndian(info[SocketHandleOffset..]);
        socket = new LibprocSocket(transport, new IPEndPoint(address, localPort), handle, state, remote);
        return true;
    }

    /// <summary>Names a <c>TSI_S_*</c> value; <see langword="false"/> for anything else.</summary>
    internal static bool TryMapTcpState(int value, out SocketState state)
    {
        state = value switch
        {
            0 => SocketState.Bound,
            1 => SocketState.Listen,
            2 => SocketState.SynSent,
            3 => SocketState.SynReceived,
            4 => SocketState.Established,
            5 => SocketState.CloseWait,
            6 => SocketState.FinWait1,
            7 => SocketState.Closing,
            8 => SocketState.LastAck,
            9 => SocketState.FinWait2,
            10 => SocketState.TimeWait,
            _ => (SocketState)(-1),
        };
        return state >= 0;
    }

    private static IPAddress ReadAddress(ReadOnlySpan<byte> info, int offset, int family)
    {
        byte flags = info[VersionFlagOffset];
        bool isIPv6 = (flags & IniIPv6) != 0 || (flags & IniIPv4) == 0 && family == AfInet6;
        if (!isIPv6)
        {
            return new IPAddress(info.Slice(offset + 12, 4));
        }

        if (SocketAddressDecoding.TryGetMappedIPv4(info.Slice(offset, 16), out IPAddress? ipv4))
        {
            return ipv4;
        }

        Span<byte> bytes = stackalloc byte[16];
        info.Slice(offset, 16).CopyTo(bytes);
        var address = new IPAddress(bytes);

        // The BSD kernel keeps a link-local address's interface index embedded in bytes 2–3 (the KAME
        // convention that netstat undoes with in6_fillscopeid); move it to the scope id.
        if (address.IsIPv6LinkLocal && (bytes[2] | bytes[3]) != 0)
        {
            uint scope = (uint)((bytes[2] << 8) | bytes[3]);
            bytes[2] = bytes[3] = 0;
            return new IPAddress(bytes, scope);
        }

        return address;
    }

    private static int ReadInt32(ReadOnlySpan<byte> info, int offset) => BinaryPrimitives.ReadInt32LittleEndian(info[offset..]);

    // ntohs of the low 16 bits of the int.
    private static int ReadPort(ReadOnlySpan<byte> info, int offset) => SocketAddressDecoding.ReadNetworkOrderPort(info[offset..]);
}
