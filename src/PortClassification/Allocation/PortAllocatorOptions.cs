using System;
using System.Collections.Generic;
using System.Net;

namespace PortClassification;

/// <summary>
/// Settings for a <see cref="PortAllocator"/>: which ports it may hand out, and where each must be free.
/// </summary>
/// <remarks>
/// All properties are init-only; an allocator copies what it needs when it is constructed, so an
/// options instance can be shared. The defaults suit a test server on loopback.
/// </remarks>
public sealed class PortAllocatorOptions
{
    private static readonly IPAddress[] DefaultAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Any, IPAddress.IPv6Any];

    /// <summary>
    /// Gets the ports to lease from, replacing the default policy; <see langword="null"/> (the default)
    /// means the IANA dynamic range outside this host's ephemeral range, or unassigned user ports above
    /// 10000 where that leaves too little room (or, on WSL 2, where every default candidate's bind is refused; see
    /// <see cref="PortAllocator"/>). Reserved and excluded ports are left out either way.
    /// </summary>
    public PortInterval? CandidatePorts { get; init; }

    /// <summary>
    /// Gets the local addresses on which a leased port must be free. Default: <c>127.0.0.1</c>, <c>::1</c>,
    /// <c>0.0.0.0</c> and <c>::</c>, so a server can bind any of them (Kestrel's <c>localhost</c> needs both
    /// loopbacks). Addresses of a family the host does not have (no IPv6, say) are skipped.
    /// </summary>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = DefaultAddresses;

    /// <summary>
    /// Gets a value indicating whether a leased port must be free, and is claimed, for both TCP and UDP
    /// (for a server that listens on both, such as DNS, or HTTP/3 beside HTTP/1.1). Default
    /// <see langword="false"/>: only the transport passed to <see cref="PortAllocator.Lease"/>.
    /// </summary>
    public bool RequireBothTransports { get; init; }

    /// <summary>Gets ports never to lease, on top of the host's reserved ports. Default: none.</summary>
    public IReadOnlyList<PortInterval> ExcludedPorts { get; init; } = [];

    /// <summary>
    /// Gets ports to try first, in order; when none of them is free the allocator falls back to its
    /// candidates without error. They need not be candidates, but excluded and host-reserved ports are
    /// still skipped. Default: none.
    /// </summary>
    public IReadOnlyList<PortNumber> PreferredPorts { get; init; } = [];

    /// <summary>
    /// Gets the registry that says which ports IANA lists as unassigned, or <see langword="null"/> (the default) for
    /// <see cref="ServiceRegistry.Default"/>.
    /// </summary>
    /// <remarks>
    /// The allocator reads it only where it leases user ports above 10000 (when the host's ephemeral range leaves too
    /// little of the dynamic range, or on WSL 2): it then skips every port the registry does not list as
    /// <see cref="RegistrationStatus.Unassigned"/>. Pass a registry loaded from a newer IANA file
    /// (<see cref="ServiceRegistry.LoadIanaXml"/>) to follow it; the status is <see cref="ServiceRegistry.GetStatus"/>.
    /// </remarks>
    public ServiceRegistry? Registry { get; init; }

    /// <summary>
    /// Gets a value indicating whether, on Linux, a TCP lease keeps the port bound by a non-listening
    /// socket with <c>SO_REUSEADDR</c> for as long as it lives. Default <see langword="true"/>.
    /// </summary>
    /// <remarks>
    /// While such a guard socket exists the kernel never gives the port to a <c>bind(0)</c> or an
    /// outbound connection of any process or user, and other allocators see it as busy; servers that
    /// set <c>SO_REUSEADDR</c> — every .NET socket on Unix, Node.js, Go, Java, nginx — bind and listen
    /// on it normally. Set <see langword="false"/> for a server that binds without <c>SO_REUSEADDR</c>
    /// (a plain C or Python <c>bind</c>), which the guard would block. Ignored for UDP (a UDP server binds
    /// without <c>SO_REUSEADDR</c>) and on other systems, where the semantics of <c>SO_REUSEADDR</c> would
    /// block the server.
    /// </remarks>
    public bool GuardSocket { get; init; } = true;

    /// <summary>Validates the options and copies the addresses.</summary>
    /// <returns>The addresses, in the order given.</returns>
    internal IPAddress[] ValidatedAddresses()
    {
        if (Addresses is null || Addresses.Count == 0)
        {
            throw new ArgumentException("At least one address is required.", nameof(Addresses));
        }

        if (ExcludedPorts is null)
        {
            throw new ArgumentException("ExcludedPorts must not be null.", nameof(ExcludedPorts));
        }

        if (PreferredPorts is null)
        {
            throw new ArgumentException("PreferredPorts must not be null.", nameof(PreferredPorts));
        }

        var addresses = new IPAddress[Addresses.Count];
        for (int i = 0; i < addresses.Length; i++)
        {
            addresses[i] = Addresses[i] ?? throw new ArgumentException("Addresses must not contain null.", nameof(Addresses));
        }

        return addresses;
    }
}
