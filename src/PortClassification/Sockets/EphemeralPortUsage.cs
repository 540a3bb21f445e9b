using System;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// How full this host's ephemeral port range is: the ports the OS hands to outgoing connections and to
/// <c>bind(port 0)</c>, and how close each destination is to running out.
/// </summary>
/// <remarks>
/// <para>
/// <b>Linux, TCP.</b> <c>connect()</c> on a socket without a bound port may give several connections the same local
/// port as long as their destinations differ (the kernel only needs each address/port four-tuple to be unique), so
/// the range runs out per destination: per (local address, remote address, remote port). Ports taken by
/// <c>bind()</c> (an explicit port, <c>bind(port 0)</c>) or by a listener are out of the pool for every destination;
/// they are <see cref="Exclusive"/>. A <c>TIME_WAIT</c> socket keeps its four-tuple until it expires (60 s), so it
/// counts against its destination. A destination is full when <see cref="Exclusive"/> plus its
/// <see cref="EphemeralDestination.Count"/> reaches <see cref="Size"/>; the next <c>connect()</c> there fails with
/// <c>EADDRNOTAVAIL</c> ("Cannot assign requested address").
/// </para>
/// <para>
/// <b>Linux, UDP; Windows; macOS.</b> No port is shared between destinations (Windows shares only in an
/// administrator-configured auto-reuse range), so every socket with a local port in the range uses up one port for
/// everybody: each destination reports the same, host-wide percentage.
/// </para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class EphemeralPortUsage
{
    internal EphemeralPortUsage(
        Transport transport,
        PortInterval range,
        int size,
        int exclusive,
        bool sharedAcrossDestinations,
        IReadOnlyList<EphemeralDestination> destinations,
        string source,
        bool isComplete,
        IReadOnlyList<string> warnings)
    {
        Transport = transport;
        Range = range;
        Size = size;
        Exclusive = exclusive;
        SharedAcrossDestinations = sharedAcrossDestinations;
        Destinations = destinations;
        Source = source;
        IsComplete = isComplete;
        Warnings = warnings;
    }

    /// <summary>Gets the transport this report is about.</summary>
    public Transport Transport { get; }

    /// <summary>Gets the host's ephemeral port range for <see cref="Transport"/>.</summary>
    public PortInterval Range { get; }

    /// <summary>Gets how many ports of <see cref="Range"/> the OS may hand out: the range less its reserved or excluded ports.</summary>
    public int Size { get; }

    /// <summary>Gets how many ports of the pool are held against every destination (bound or listening sockets; on OSes that do not share ports, every socket with a port in the range).</summary>
    public int Exclusive { get; }

    /// <summary>Gets a value indicating whether the OS lets connections to different destinations share a local port (Linux TCP).</summary>
    public bool SharedAcrossDestinations { get; }

    /// <summary>Gets the destinations that use ports of the range, the fullest first.</summary>
    public IReadOnlyList<EphemeralDestination> Destinations { get; }

    /// <summary>Gets the pressure on the range from 0 to 100: the fullest destination's <see cref="EphemeralDestination.Percent"/>, or the exclusive share when there is no destination.</summary>
    public double Percent => Destinations.Count > 0 ? Destinations[0].Percent : Size == 0 ? 100 : 100.0 * Exclusive / Size;

    /// <summary>Gets the name of the socket source the report was built from.</summary>
    public string Source { get; }

    /// <summary>Gets a value indicating whether the socket source saw every socket.</summary>
    public bool IsComplete { get; }

    /// <summary>Gets what could not be seen and why, one sentence each; empty when nothing was missed.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Reads how full this host's ephemeral range is for one transport.</summary>
    /// <param name="transport"><see cref="PortClassification.Transport.Tcp"/> or <see cref="PortClassification.Transport.Udp"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is neither TCP nor UDP.</exception>
    public static EphemeralPortUsage Read(Transport transport = Transport.Tcp)
    {
        if (transport is not (Transport.Tcp or Transport.Udp))
        {
            throw new ArgumentOutOfRangeException(nameof(transport), transport, "Ephemeral ports are reported for TCP and UDP.");
        }

        throw new NotImplementedException("The socket readers are being built.");
    }
}
