using System;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// Says which listeners to list and how much to find out about them.
/// </summary>
/// <remarks>
/// The listener slice of <see cref="SocketQuery"/>, with the same filters and the same rules: <see cref="Port"/> is a
/// local port (a listener has no remote end), and there are no states to choose. Every filter left
/// <see langword="null"/> matches everything. Sources push filters down to the OS where
/// they can (the Linux netlink source asks the kernel for one port only), so a narrow query is cheaper.
/// </remarks>
public sealed class ListenerQuery
{
    /// <summary>Gets the transport to list, or <see langword="null"/> for both TCP and UDP.</summary>
    public Transport? Transport { get; init; }

    /// <summary>
    /// Gets the address family to list: <see cref="AddressFamily.InterNetwork"/>,
    /// <see cref="AddressFamily.InterNetworkV6"/>, or <see langword="null"/> for both.
    /// </summary>
    /// <remarks>
    /// A listener's family is the family of its reported address: an IPv6 socket bound to an IPv4-mapped
    /// address (<c>::ffff:127.0.0.1</c>) is reported, and filtered, as IPv4.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value set is another address family.</exception>
    public AddressFamily? AddressFamily
    {
        get;
        init => field = QueryFilters.CheckFamily(value);
    }

    /// <summary>Gets the local port to list, or <see langword="null"/> for every port.</summary>
    public PortNumber? Port { get; init; }

    /// <summary>
    /// Gets a value indicating whether to find the process that owns each socket. Defaults to
    /// <see langword="true"/>; turn it off when only addresses and ports matter, which is much cheaper on Linux.
    /// </summary>
    public bool ResolveProcesses { get; init; } = true;

    /// <summary>Determines whether a listener passes this query's filters.</summary>
    /// <param name="listener">The listener to test.</param>
    /// <returns><see langword="true"/> if every filter that is set matches; otherwise, <see langword="false"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="listener"/> is <see langword="null"/>.</exception>
    public bool Matches(Listener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return QueryFilters.Matches(Transport, AddressFamily, Port, listener.Transport, listener.LocalEndPoint);
    }
}
