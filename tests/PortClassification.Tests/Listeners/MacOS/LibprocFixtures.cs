using System.Buffers.Binary;
using System.Net;
using FsCheck;
using FsCheck.Fluent;

namespace PortClassification.Tests.Listeners.MacOS;

/// <summary>
/// Generates <c>struct socket_fdinfo</c> records from the xnu header offsets (written out here, independently of the
/// decoder's constants) together with what the decoder must make of them.
/// </summary>
internal static class LibprocFixtures
{
    private const int Size = 792;

    public sealed record Socket(byte[] Bytes, LibprocSocket? Expected)
    {
        public override string ToString() => $"{Expected}: {Convert.ToHexString(Bytes.AsSpan(160, 200))}";
    }

    public static Gen<Socket> Sockets { get; } =
        from family in Gen.Elements(2, 30, 1, 18)                  // AF_INET, AF_INET6, AF_UNIX, AF_LINK
        from kind in Gen.Elements(1, 2, 0, 3)                      // SOCKINFO_IN, _TCP, _GENERIC, _UN
        from protocol in Gen.Elements(17, 6, 1)                    // UDP, TCP, ICMP
        from state in Gen.Elements(1, 1, 4, 0, 10)                 // LISTEN, ESTABLISHED, CLOSED, TIME_WAIT
        from vflag in Gen.Elements<byte>(1, 2, 3, 0)
        from lport in ArbMap.Default.GeneratorFor<ushort>()
        from fport in Gen.Elements<ushort>(0, 0, 53)
        from address in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 16)
        from handle in ArbMap.Default.GeneratorFor<ulong>()
        from garbage in ArbMap.Default.GeneratorFor<ushort>()
        select Encode(family, kind, protocol, state, vflag, lport, fport, address, handle, garbage);

    public static Gen<byte[]> Mutated { get; } =
        from socket in Sockets
        from edits in Gen.Zip(Gen.Choose(0, Size - 1), Gen.Choose(0, 255)).ListOf()
        from length in Gen.Elements(Size, Size, Size - 1, 400, 0)
        select Mutate(socket.Bytes, edits, length);

    /// <summary>Encodes an IPv4 TCP socket in LISTEN, or a bound unconnected UDP socket.</summary>
    public static byte[] Listener(Transport transport, IPEndPoint endPoint, ulong handle)
    {
        byte[] address = new byte[16];
        endPoint.Address.GetAddressBytes().CopyTo(address, 12);
        bool tcp = transport == Transport.Tcp;
        return Encode(2, tcp ? 2 : 1, tcp ? 6 : 17, 1, 1, (ushort)endPoint.Port, 0, address, handle, 0).Bytes;
    }

    private static Socket Encode(int family, int kind, int protocol, int state, byte vflag, ushort lport, ushort fport, byte[] address, ulong handle, ushort garbage)
    {
        byte[] b = new byte[Size];
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(160), handle);   // soi_so
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(180), protocol);  // soi_protocol
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(184), family);    // soi_family
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(256), kind);      // soi_kind
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(264), fport);       // insi_fport
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(268), lport);       // insi_lport
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(270), garbage);  //   (upper half of the int)
        b[288] = vflag;                                                    // insi_vflag
        address.CopyTo(b, 312);                                            // insi_laddr
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(344), state);     // tcpsi_state

        bool inet = family is 2 or 30;
        bool tcpListen = kind == 2 && state == 1;
        bool udpListen = kind == 1 && protocol == 17 && lport != 0 && fport == 0;
        LibprocSocket? expected = inet && (tcpListen || udpListen)
            ? new LibprocSocket(tcpListen ? Transport.Tcp : Transport.Udp, new IPEndPoint(ExpectedAddress(family, vflag, address), lport), handle, tcpListen ? SocketState.Listen : SocketState.Bound)
            : null;
        return new Socket(b, expected);
    }

    public static IPAddress ExpectedAddress(int family, byte vflag, byte[] address)
    {
        bool v6 = (vflag & 2) != 0 || ((vflag & 1) == 0 && family == 30);
        if (!v6)
        {
            return new IPAddress(address.AsSpan(12, 4));
        }

        var ip = new IPAddress(address);
        if (ip.IsIPv4MappedToIPv6)
        {
            return ip.MapToIPv4();
        }

        if (ip.IsIPv6LinkLocal && (address[2] | address[3]) != 0)
        {
            byte[] bare = (byte[])address.Clone();
            bare[2] = bare[3] = 0;
            return new IPAddress(bare, (address[2] << 8) | address[3]);
        }

        return ip;
    }

    private static byte[] Mutate(byte[] bytes, List<(int Offset, int Value)> edits, int length)
    {
        byte[] copy = (byte[])bytes.Clone();
        foreach ((int offset, int value) in edits)
        {
            copy[offset] = (byte)value;
        }

        return copy[..length];
    }
}
