using System.Collections.Generic;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// The allocator's only view of host settings and the IANA registry, in one place so the candidate
/// policy stays a pure function of what these return.
/// </summary>
/// <remarks>
/// TEMPORARY SEAM: <see cref="IsUnassigned"/> answers <see langword="true"/> for every port until
/// <c>PortRegistry</c> lands on main; it then becomes
/// <c>PortRegistry.GetStatus(port, transport) == RegistrationStatus.Unassigned</c>. It only matters where the
/// dynamic range is mostly ephemeral (Windows, macOS), where user ports above 10000 are added.
/// </remarks>
internal static class HostFacts
{
    /// <summary>Gets the host's ephemeral range for a transport: the hull of its IPv4 and IPv6 ranges.</summary>
    /// <param name="transport">The transport.</param>
    /// <returns>The range (Windows configures the IP versions separately; elsewhere they are one).</returns>
    public static PortInterval EphemeralRange(Transport transport)
    {
        HostPortSettings host = HostPortSettings.Current;
        PortInterval v4 = host.EphemeralRange(transport, AddressFamily.InterNetwork);
        PortInterval v6 = host.EphemeralRange(transport, AddressFamily.InterNetworkV6);
        return new PortInterval(v4.First < v6.First ? v4.First : v6.First, v4.Last > v6.Last ? v4.Last : v6.Last);
    }

    /// <summary>Gets the host's reserved (Linux) or excluded (Windows) ports for a transport.</summary>
    /// <param name="transport">The transport.</param>
    /// <returns>The intervals, sorted and merged.</returns>
    public static IReadOnlyList<PortInterval> Reserved(Transport transport) => HostPortSettings.Current.Reserved(transport);

    /// <summary>Determines whether IANA lists a port as unassigned for a transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <returns>Always <see langword="true"/> until the registry lands (see the remarks).</returns>
    public static bool IsUnassigned(PortNumber port, Transport transport)
    {
        _ = port;
        _ = transport;
        return true;
    }
}
