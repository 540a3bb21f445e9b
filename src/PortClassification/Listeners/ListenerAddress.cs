using System;
using System.Buffers.Binary;
using System.Net;

namespace PortClassification;

/// <summary>
/// Builds listener end points the same way for every source: IPv4 sockets never as IPv4-mapped IPv6,
/// the wildcard as the shared <see cref="IPAddress.Any"/>/<see cref="IPAddress.IPv6Any"/> instances'
/// values, and a scope id only where one means something (link-local and site-local addresses).
/// </summary>
internal static class ListenerAddress
{
    /// <summary>Creates an end point from an IPv4 address in network byte order.</summary>
    internal static IPEndPoint FromIPv4(ReadOnlySpan<byte> address, int port) =>
        new(new IPAddress(address[..4]), port);

    /// <summary>Creates an end point from a 16-byte IPv6 address, unwrapping IPv4-mapped addresses.</summary>
    /// <param name="address">The address bytes in network order.</param>
    /// <param name="port">The port.</param>
    /// <param name="scopeId">The interface index the OS reports for the socket, or 0.</param>
    internal static IPEndPoint FromIPv6(ReadOnlySpan<byte> address, int port, uint scopeId)
    {
        if (IsIPv4Mapped(address))
        {
            return FromIPv4(address[12..], port);
        }

        var ip = new IPAddress(address);
        if (scopeId != 0 && (ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal))
        {
            ip.ScopeId = scopeId;
        }

        return new IPEndPoint(ip, port);
    }

    /// <summary>Returns an end point that follows the rules above, reusing <paramref name="endPoint"/> when it already does.</summary>
    internal static IPEndPoint Normalize(IPEndPoint endPoint)
    {
        IPAddress ip = endPoint.Address;
        return ip.IsIPv4MappedToIPv6 ? new IPEndPoint(ip.MapToIPv4(), endPoint.Port) : endPoint;
    }

    private static bool IsIPv4Mapped(ReadOnlySpan<byte> a) =>
        BinaryPrimitives.ReadUInt64LittleEndian(a) == 0
        && BinaryPrimitives.ReadUInt16LittleEndian(a[8..]) == 0
        && a[10] == 0xFF && a[11] == 0xFF;
}
