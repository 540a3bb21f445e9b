using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace PortClassification;

/// <summary>
/// The two pieces every kernel socket-table decoder needs (IP Helper rows, libproc <c>in_sockinfo</c>, and the
/// Linux <c>inet_diag</c> messages): a port in network byte order, and an IPv4-mapped IPv6 address reported as IPv4.
/// </summary>
internal static class SocketAddressDecoding
{
    /// <summary>Reads a port stored in network byte order: the first byte in memory is the high byte.</summary>
    /// <param name="bytes">At least two bytes, the port first (for a 32-bit port field, its low 16 bits as laid out in memory).</param>
    /// <returns>The port, 0 to 65535.</returns>
    internal static int ReadNetworkOrderPort(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt16BigEndian(bytes);

    /// <summary>
    /// Determines whether 16 address bytes are an IPv4-mapped IPv6 address (<c>::ffff:a.b.c.d</c>), which a dual-mode
    /// socket bound to an IPv4 address reports, and returns the IPv4 address if so.
    /// </summary>
    /// <param name="ipv6">The 16 bytes of an IPv6 address, in network order.</param>
    /// <param name="ipv4">The embedded IPv4 address, when the result is <see langword="true"/>.</param>
    /// <returns><see langword="true"/> for an IPv4-mapped address; otherwise, <see langword="false"/>.</returns>
    internal static bool TryGetMappedIPv4(ReadOnlySpan<byte> ipv6, [NotNullWhen(true)] out IPAddress? ipv4)
    {
        if (ipv6.Length != 16)
        {
            throw new ArgumentException("An IPv6 address is 16 bytes.", nameof(ipv6));
        }

        if (!ipv6[..10].ContainsAnyExcept((byte)0) && ipv6[10] == 0xFF && ipv6[11] == 0xFF)
        {
            ipv4 = new IPAddress(ipv6[12..]);
            return true;
        }

        ipv4 = null;
        return false;
    }
}
