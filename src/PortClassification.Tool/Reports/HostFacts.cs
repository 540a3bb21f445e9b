using System;
using System.Collections.Generic;
using System.Net.Sockets;

namespace PortClassification.Tool.Reports;

/// <summary>What this host's OS is configured to do with ports, as the tool shows it.</summary>
/// <param name="OperatingSystem">A short OS name: <c>linux</c>, <c>windows</c>, <c>macos</c>, <c>freebsd</c> or <c>other</c>.</param>
/// <param name="Transports">The settings per transport (TCP and UDP).</param>
/// <param name="UnprivilegedPortStart">The first port an unprivileged user may bind; 0 when no port is privileged.</param>
/// <param name="Sources">Where each value came from.</param>
internal sealed record HostFacts(
    string OperatingSystem,
    IReadOnlyList<TransportHostFacts> Transports,
    PortNumber UnprivilegedPortStart,
    IReadOnlyList<HostSourceInfo> Sources)
{
    /// <summary>Gets the settings for one transport.</summary>
    /// <param name="transport">The transport.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidOperationException">The facts have no settings for <paramref name="transport"/>.</exception>
    public TransportHostFacts For(Transport transport)
    {
        foreach (TransportHostFacts facts in Transports)
        {
            if (facts.Transport == transport)
            {
                return facts;
            }
        }

        throw new InvalidOperationException($"No host settings for {transport}.");
    }

    /// <summary>Determines whether binding a port needs privileges (root or <c>CAP_NET_BIND_SERVICE</c> on Linux).</summary>
    /// <param name="port">The port.</param>
    /// <returns><see langword="true"/> if the port is below <see cref="UnprivilegedPortStart"/> and not 0 (which asks for an ephemeral port).</returns>
    public bool IsPrivileged(PortNumber port) => port.Value != 0 && port < UnprivilegedPortStart;
}

/// <summary>A host's settings for one transport.</summary>
/// <param name="Transport">The transport.</param>
/// <param name="EphemeralRange">The range the OS picks ports from for outgoing connections and <c>bind(0)</c>.</param>
/// <param name="Reserved">Reserved (Linux) or excluded (Windows) ports, sorted and merged.</param>
internal sealed record TransportHostFacts(Transport Transport, PortInterval EphemeralRange, IReadOnlyList<PortInterval> Reserved)
{
    /// <summary>Gets the reserved interval that contains a port.</summary>
    /// <param name="port">The port.</param>
    /// <returns>The interval, or <see langword="null"/> when the port is not reserved.</returns>
    public PortInterval? ReservedIntervalOf(PortNumber port)
    {
        foreach (PortInterval interval in Reserved)
        {
            if (interval.Contains(port))
            {
                return interval;
            }
        }

        return null;
    }
}

/// <summary>Where one host setting came from.</summary>
/// <param name="Setting">The setting: <c>ephemeralRange</c>, <c>reservedPorts</c> or <c>unprivilegedPortStart</c>.</param>
/// <param name="Transport">The transport it applies to, or <see langword="null"/> for all.</param>
/// <param name="AddressFamily">The address family it applies to, or <see langword="null"/> for both.</param>
/// <param name="Origin">How it was read: <c>file</c>, <c>sysctl</c>, <c>command</c>, <c>fixed</c> or <c>default</c>.</param>
/// <param name="Location">The file, sysctl name or command line read.</param>
/// <param name="Value">The value as the tool shows it.</param>
/// <param name="Fallback">Why a default was used (<c>absent</c>, <c>unreadable</c>, <c>malformed</c>, <c>unsupportedPlatform</c>), or <see langword="null"/> when the value was read.</param>
/// <param name="Reason">Details of the fallback, or <see langword="null"/>.</param>
internal sealed record HostSourceInfo(
    string Setting,
    Transport? Transport,
    AddressFamily? AddressFamily,
    string Origin,
    string Location,
    string Value,
    string? Fallback,
    string? Reason);
