using System;
using System.Buffers.Binary;
using System.Globalization;

namespace PortClassification;

/// <summary>Three-valued truth for a hypothetical packet: a predicate can be known true, known false, or depend on something unknown.</summary>
internal enum Truth
{
    False,
    True,
    Unknown,
}

/// <summary>
/// Decides the x_tables matches iptables-nft writes as compat <c>match</c> expressions, from their structs (host byte
/// order, layouts of <c>&lt;linux/netfilter/xt_tcpudp.h&gt;</c>, <c>xt_multiport.h</c>, <c>xt_conntrack.h</c>,
/// <c>xt_state.h</c>, <c>xt_addrtype.h</c>), for the first packet of a new inbound connection.
/// </summary>
internal static class XtMatches
{
    // XT_CONNTRACK_* flag bits and state bits (xt_conntrack.h).
    private const int CtState = 0x1, CtProto = 0x2, CtStateAlias = 0x2000;

    /// <summary>Decides a compat match.</summary>
    /// <param name="match">The match.</param>
    /// <param name="packet">The packet.</param>
    /// <param name="condition">What the result depends on, when it is <see cref="Truth.Unknown"/>.</param>
    public static Truth Decide(NftCompat match, NftPacket packet, out string? condition)
    {
        condition = null;
        ReadOnlySpan<byte> info = match.Info;
        string label = string.Create(CultureInfo.InvariantCulture, $"iptables match '{match.ExtensionName}' rev {match.Revision}");
        Truth result = match.ExtensionName switch
        {
            "tcp" when info.Length >= 12 => Tcp(info, packet, ref condition),
            "udp" when info.Length >= 10 => Udp(info, packet, ref condition),
            "multiport" when match.Revision == 1 && info.Length >= 48 => Multiport(info, packet, ranges: true, ref condition),
            "multiport" when match.Revision == 0 && info.Length >= 32 => Multiport(info, packet, ranges: false, ref condition),
            "conntrack" when match.Revision is >= 1 and <= 3 && info.Length >= 152 => Conntrack(info, match.Revision, packet, ref condition),
            "state" when info.Length >= 4 => (BinaryPrimitives.ReadUInt32LittleEndian(info) & packet.ConntrackStateBit(xtState: true)) != 0 ? Truth.True : Truth.False,
            "comment" => Truth.True,
            "addrtype" when match.Revision == 1 && info.Length >= 8 => AddressType(info, ref condition),
            _ => Truth.Unknown,
        };

        if (result == Truth.Unknown)
        {
            condition = condition is null ? label : $"{condition} ({label})";
        }

        return result;
    }

    private static Truth Tcp(ReadOnlySpan<byte> info, NftPacket packet, ref string? condition)
    {
        if (packet.L4Protocol != 6)
        {
            condition = "a TCP match on a non-TCP packet";
            return Truth.Unknown;
        }

        byte option = info[8], flagMask = info[9], flagCompare = info[10], invert = info[11];
        Truth result = And(SourcePorts(info, (invert & 0x1) != 0, ref condition), InRange(info[4..], packet.DestinationPort, (invert & 0x2) != 0));
        if (flagMask != 0)
        {
            // Of the flags byte only FIN, SYN, RST and ACK are certain for a connection's first segment (SYN alone).
            result = (flagMask & ~0x17) == 0
                ? And(result, (((0x02 & flagMask) == flagCompare) ^ ((invert & 0x4) != 0)) ? Truth.True : Truth.False)
                : And(result, Unknown(ref condition, "the TCP flags"));
        }

        return option != 0 ? And(result, Unknown(ref condition, "a TCP option")) : result;
    }

    private static Truth Udp(ReadOnlySpan<byte> info, NftPacket packet, ref string? condition)
    {
        if (packet.L4Protocol != 17)
        {
            condition = "a UDP match on a non-UDP packet";
            return Truth.Unknown;
        }

        byte invert = info[8];
        return And(SourcePorts(info, (invert & 0x1) != 0, ref condition), InRange(info[4..], packet.DestinationPort, (invert & 0x2) != 0));
    }

    /// <summary>Source ports are unknown (ephemeral): only "any port" is certain.</summary>
    private static Truth SourcePorts(ReadOnlySpan<byte> ports, bool inverted, ref string? condition)
    {
        ushort low = BinaryPrimitives.ReadUInt16LittleEndian(ports), high = BinaryPrimitives.ReadUInt16LittleEndian(ports[2..]);
        if (low == 0 && high == ushort.MaxValue)
        {
            return inverted ? Truth.False : Truth.True;
        }

        return Unknown(ref condition, "the source port");
    }

    private static Truth InRange(ReadOnlySpan<byte> ports, ushort port, bool inverted)
    {
        ushort low = BinaryPrimitives.ReadUInt16LittleEndian(ports), high = BinaryPrimitives.ReadUInt16LittleEndian(ports[2..]);
        return ((port >= low && port <= high) ^ inverted) ? Truth.True : Truth.False;
    }

    private static Truth Multiport(ReadOnlySpan<byte> info, NftPacket packet, bool ranges, ref string? condition)
    {
        byte flags = info[0], count = info[1];
        if (count > 15 || flags > 2)
        {
            return Unknown(ref condition, "a malformed multiport match");
        }

        bool matched = false;
        for (int i = 0; i < count; i++)
        {
            ushort start = BinaryPrimitives.ReadUInt16LittleEndian(info[(2 + (2 * i))..]);
            ushort end = start;
            if (ranges && info[32 + i] != 0 && i + 1 < count)
            {
                i++;
                end = BinaryPrimitives.ReadUInt16LittleEndian(info[(2 + (2 * i))..]);
            }

            if (packet.DestinationPort >= start && packet.DestinationPort <= end)
            {
                matched = true;
            }
        }

        bool inverted = ranges && info[47] != 0;
        return flags switch
        {
            1 => matched ^ inverted ? Truth.True : Truth.False,
            2 when matched => inverted ? Truth.False : Truth.True, // either port: the destination already matches
            _ => Unknown(ref condition, "the source port"),
        };
    }

    private static Truth Conntrack(ReadOnlySpan<byte> info, uint revision, NftPacket packet, ref string? condition)
    {
        int matchFlags = BinaryPrimitives.ReadUInt16LittleEndian(info[146..]);
        int invertFlags = BinaryPrimitives.ReadUInt16LittleEndian(info[148..]);
        if ((matchFlags & ~(CtState | CtProto | CtStateAlias)) != 0)
        {
            return Unknown(ref condition, string.Create(CultureInfo.InvariantCulture, $"conntrack criteria 0x{matchFlags:x}"));
        }

        Truth result = Truth.True;
        if ((matchFlags & CtState) != 0)
        {
            int mask = revision == 1 ? info[150] : BinaryPrimitives.ReadUInt16LittleEndian(info[150..]);
            bool hit = (mask & packet.ConntrackStateBit(xtState: false)) != 0;
            result = And(result, hit ^ ((invertFlags & CtState) != 0) ? Truth.True : Truth.False);
        }

        if ((matchFlags & CtProto) != 0)
        {
            int protocol = BinaryPrimitives.ReadUInt16LittleEndian(info[136..]);
            result = And(result, (protocol == packet.L4Protocol) ^ ((invertFlags & CtProto) != 0) ? Truth.True : Truth.False);
        }

        return result;
    }

    /// <summary>
    /// <c>addrtype</c> rev 1 (<c>struct xt_addrtype_info_v1</c>: u16 source, u16 dest, u32 flags): the packet goes to a
    /// unicast address of this host, whose type is <c>LOCAL</c> (bit <c>1 &lt;&lt; RTN_LOCAL</c> = 4).
    /// </summary>
    private static Truth AddressType(ReadOnlySpan<byte> info, ref string? condition)
    {
        int source = BinaryPrimitives.ReadUInt16LittleEndian(info), destination = BinaryPrimitives.ReadUInt16LittleEndian(info[2..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(info[4..]);
        if (source != 0 || (flags & 0xC) != 0)
        {
            return Unknown(ref condition, "the source address type or the interface");
        }

        return destination == 0 || (((destination & 0x4) != 0) ^ ((flags & 0x2) != 0)) ? Truth.True : Truth.False;
    }

    internal static Truth And(Truth a, Truth b) =>
        a == Truth.False || b == Truth.False ? Truth.False : a == Truth.Unknown || b == Truth.Unknown ? Truth.Unknown : Truth.True;

    private static Truth Unknown(ref string? condition, string what)
    {
        condition ??= what;
        return Truth.Unknown;
    }
}
