using System;
using System.Collections.Generic;
using System.IO;

namespace PortClassification;

/// <summary>
/// The allocator's only view of host settings and the IANA registry.
/// TEMPORARY SEAM: until <c>HostPortSettings</c> and <c>PortRegistry</c> land on main, this reads Linux
/// procfs directly and treats every port as unassigned; once they land, these three members become
/// one-line calls to <c>HostPortSettings.Current.EphemeralRange</c>, <c>HostPortSettings.Current.Reserved</c>
/// and <c>PortRegistry.GetStatus(…) == RegistrationStatus.Unassigned</c>, and this file is deleted.
/// </summary>
internal static class HostFacts
{
    private const string PortRangePath = "/proc/sys/net/ipv4/ip_local_port_range";
    private const string ReservedPortsPath = "/proc/sys/net/ipv4/ip_local_reserved_ports";

    /// <summary>Gets the host's ephemeral range for a transport (IANA 49152–65535 where unknown).</summary>
    /// <param name="transport">The transport.</param>
    /// <returns>The range.</returns>
    public static PortInterval EphemeralRange(Transport transport)
    {
        _ = transport;
        if (OperatingSystem.IsLinux() && TryRead(PortRangePath, out string? text))
        {
            string[] parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 &&
                PortNumber.TryParse(parts[0], out PortNumber first) &&
                PortNumber.TryParse(parts[1], out PortNumber last) &&
                first <= last)
            {
                return new PortInterval(first, last);
            }
        }

        return PortInterval.FromRange(PortRange.Dynamic);
    }

    /// <summary>Gets the host's reserved ports for a transport, sorted (none where unknown).</summary>
    /// <param name="transport">The transport.</param>
    /// <returns>The reserved intervals.</returns>
    public static IReadOnlyList<PortInterval> Reserved(Transport transport)
    {
        _ = transport;
        var result = new List<PortInterval>();
        if (OperatingSystem.IsLinux() && TryRead(ReservedPortsPath, out string? text))
        {
            foreach (string item in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (PortInterval.TryParse(item, out PortInterval interval))
                {
                    result.Add(interval);
                }
            }
        }

        result.Sort();
        return result;
    }

    /// <summary>Determines whether IANA lists a port as unassigned for a transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <returns>Always <see langword="true"/> until the registry lands (placeholder).</returns>
    public static bool IsUnassigned(PortNumber port, Transport transport)
    {
        _ = port;
        _ = transport;
        return true;
    }

    private static bool TryRead(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        try
        {
            text = File.ReadAllText(path, System.Text.Encoding.ASCII);
            return true;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        text = null;
        return false;
    }
}
