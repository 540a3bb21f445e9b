using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;

namespace PortClassification;

// The candidates a PortAllocator walks: built once per transport from the host, the options and the registry.
public sealed partial class PortAllocator
{
    /// <summary>Gets the candidate policy this allocator uses for a transport.</summary>
    /// <param name="transport">The transport.</param>
    /// <returns>The policy, built on first use.</returns>
    internal CandidatePolicy GetPolicy(Transport transport)
    {
        int slot = transport == Transport.Udp ? 1 : 0;
        CandidatePolicy? policy = Volatile.Read(ref _policies[slot]);
        if (policy is null)
        {
            policy = _policyFactory?.Invoke(transport) ?? BuildPolicy(transport);
            Volatile.Write(ref _policies[slot], policy);
        }

        return policy;
    }

    private static PortInterval Hull(PortInterval a, PortInterval b) =>
        new(a.First < b.First ? a.First : b.First, a.Last > b.Last ? a.Last : b.Last);

    private CandidatePolicy BuildPolicy(Transport transport)
    {
        HostPortSettings host = _hostSeam.Settings();
        Transport other = transport == Transport.Udp ? Transport.Tcp : Transport.Udp;
        IReadOnlyList<PortInterval> reserved = Reserved(host, transport);
        if (_candidatePorts is PortInterval explicitPorts)
        {
            return CandidatePolicy.CreateExplicit(explicitPorts, reserved, _excluded);
        }

        // Windows configures IPv4 and IPv6 (and TCP and UDP) separately: stay out of every range the lease will use.
        PortInterval ephemeral = EphemeralHull(host, transport);
        if (_bothTransports)
        {
            ephemeral = Hull(ephemeral, EphemeralHull(host, other));
        }

        return CandidatePolicy.CreateDefault(ephemeral, reserved, IsUnassignedFor(transport), _excluded);
    }

    /// <summary>Builds the WSL fallback: unassigned user ports above 10000 (see <see cref="WslPorts"/>).</summary>
    private CandidatePolicy BuildWslFallback(Transport transport)
    {
        HostPortSettings host = _hostSeam.Settings();
        Transport other = transport == Transport.Udp ? Transport.Tcp : Transport.Udp;
        PortInterval ephemeral = _bothTransports ? Hull(EphemeralHull(host, transport), EphemeralHull(host, other)) : EphemeralHull(host, transport);
        return CandidatePolicy.CreateUserPortFallback(ephemeral, Reserved(host, transport), IsUnassignedFor(transport), _excluded, WslPorts.FallbackReason);
    }

    private Func<PortNumber, bool> IsUnassignedFor(Transport transport)
    {
        Transport other = transport == Transport.Udp ? Transport.Tcp : Transport.Udp;
        ServiceRegistry registry = _registry ?? ServiceRegistry.Default;
        return port => registry.GetStatus(port, transport) == RegistrationStatus.Unassigned &&
            (!_bothTransports || registry.GetStatus(port, other) == RegistrationStatus.Unassigned);
    }

    private static PortInterval EphemeralHull(HostPortSettings host, Transport transport) =>
        Hull(host.EphemeralRange(transport, AddressFamily.InterNetwork), host.EphemeralRange(transport, AddressFamily.InterNetworkV6));

    private IReadOnlyList<PortInterval> Reserved(HostPortSettings host, Transport transport)
    {
        if (!_bothTransports)
        {
            return host.Reserved(transport);
        }

        var both = new List<PortInterval>(host.Reserved(Transport.Tcp));
        both.AddRange(host.Reserved(Transport.Udp));
        return both;
    }
}
