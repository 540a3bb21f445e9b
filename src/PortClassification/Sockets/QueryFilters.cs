using System;
using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// The filters <see cref="ListenerQuery"/> and <see cref="SocketQuery"/> share — transport, address family and the
/// local port — with one validation and one matching rule, so the two public types cannot drift apart.
/// </summary>
/// <remarks>
/// <see cref="ListenerQuery"/> is the listener slice of <see cref="SocketQuery"/>: its <c>Port</c> is a local port
/// (a listener has no remote end), and it has no states (a listener is TCP <c>Listen</c> or UDP <c>Bound</c>).
/// </remarks>
internal static class QueryFilters
{
    /// <summary>Checks an address family filter as both queries document it.</summary>
    /// <param name="value">The value set.</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is another address family than IPv4 or IPv6.</exception>
    internal static AddressFamily? CheckFamily(AddressFamily? value) =>
        value is null or AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Only InterNetwork, InterNetworkV6 or null can be listed.");

    /// <summary>Determines whether a socket's transport and local end point pass the shared filters.</summary>
    /// <param name="transport">The transport filter, or <see langword="null"/>.</param>
    /// <param name="family">The address family filter, or <see langword="null"/>.</param>
    /// <param name="localPort">The local port filter, or <see langword="null"/>.</param>
    /// <param name="actual">The socket's transport.</param>
    /// <param name="local">The socket's local end point.</param>
    /// <returns><see langword="true"/> if every filter that is set matches.</returns>
    internal static bool Matches(Transport? transport, AddressFamily? family, PortNumber? localPort, Transport actual, IPEndPoint local) =>
        (transport is null || transport == actual)
        && (family is null || family == local.AddressFamily)
        && (localPort is null || localPort.Value.Value == local.Port);
}
