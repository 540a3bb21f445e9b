using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// The hypothetical first packet of a new inbound connection that the evaluator runs through the ruleset: family,
/// protocol and destination port are known; the source address only when the caller gave one; the source port, the
/// destination address, the input interface and the packet mark are unknown. It comes from another host, so it does
/// not arrive on <c>lo</c>, and it is the first of its connection: conntrack state NEW (UNTRACKED after <c>notrack</c>).
/// </summary>
internal sealed record NftPacket(byte Family, byte L4Protocol, ushort DestinationPort, IPAddress? Source, bool Untracked = false, bool BeforeConntrack = false)
{
    /// <summary>Creates the packet for a port, transport and optional source.</summary>
    public static NftPacket Create(AddressFamily family, Transport transport, PortNumber port, IPAddress? source) =>
        new(family == AddressFamily.InterNetworkV6 ? NftFamily.Ipv6 : NftFamily.Ipv4, transport == Transport.Udp ? (byte)17 : (byte)6, port.Value,
            source is null ? null : family == AddressFamily.InterNetwork && source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source);

    /// <summary>
    /// Gets the conntrack state bit: <c>NF_CT_STATE_BIT(IP_CT_NEW)</c> = 0x8; untracked is 0x40 in nft and <c>xt_state</c>,
    /// 0x100 in <c>xt_conntrack</c>; before conntrack has seen the packet (ingress, or prerouting below priority -200)
    /// there is no connection and the state is INVALID (0x1) (<c>nft_ct_get_eval</c>, <c>conntrack_mt</c>).
    /// </summary>
    public uint ConntrackStateBit(bool xtState) => Untracked ? (xtState ? 0x40u : 0x100u) : BeforeConntrack ? 0x1u : 0x8u;

    /// <summary>Gets the packet's network-layer protocol number as <c>meta nfproto</c> loads it.</summary>
    public bool IsIpv6 => Family == NftFamily.Ipv6;

    /// <summary>Gets the source address bytes in network order, or <see langword="null"/> when unknown.</summary>
    public byte[]? SourceBytes => Source is not null && (Source.AddressFamily == AddressFamily.InterNetworkV6) == IsIpv6 ? Source.GetAddressBytes() : null;

    /// <summary>Gets a value indicating whether the packet certainly did not arrive on the loopback interface.</summary>
    public bool NotLoopback => Source is null || !IPAddress.IsLoopback(Source);
}
