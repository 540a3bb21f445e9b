using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// What this host's operating system is configured to do with port numbers: the ephemeral range that
/// <c>bind</c> to port 0 and outgoing connections draw from, the ports automatic assignment must skip,
/// and the first port an unprivileged process may bind.
/// </summary>
/// <remarks>
/// <para>Sources, per operating system:</para>
/// <list type="bullet">
/// <item><description>
/// Linux: <c>/proc/sys/net/ipv4/ip_local_port_range</c>, <c>ip_local_reserved_ports</c> and
/// <c>ip_unprivileged_port_start</c>, which belong to the network namespace of the reading thread (a
/// container has its own). One range and one reserved list apply to TCP, UDP, SCTP and DCCP over
/// IPv4 and IPv6. A kernel older than 4.11 has no <c>ip_unprivileged_port_start</c>: 1024 is used.
/// The files are read only when they are regular files of at most 4 KiB, opened without blocking: anything else
/// mounted over them (a FIFO, <c>/dev/zero</c>) is reported as unreadable, with the reason, and the default is used.
/// </description></item>
/// <item><description>
/// macOS and FreeBSD: the sysctls <c>net.inet.ip.portrange.first</c> and <c>.last</c> (IPv4 and IPv6,
/// TCP and UDP); no reserved list. FreeBSD's unprivileged start is <c>net.inet.ip.portrange.reservedhigh</c>
/// + 1; macOS's is 1024, although macOS 10.14 and later let any user bind a lower port on the wildcard address.
/// </description></item>
/// <item><description>
/// Windows: <c>netsh int ipv4|ipv6 show dynamicport tcp|udp</c> (one range per IP version and transport)
/// and <c>netsh int ipv4 show excludedportrange protocol=tcp|udp</c> (excluded port ranges, one list for
/// both IP versions), started together from the system directory with fixed arguments, all within one 5-second deadline.
/// Windows has no privileged ports.
/// </description></item>
/// </list>
/// <para>
/// A value that cannot be read is replaced by a documented default (Linux: 32768–60999, no reserved
/// ports, 1024; macOS: 49152–65535; FreeBSD: 10000–65535 and 1024; Windows: 49152–65535 and no
/// exclusions; any other OS: the IANA dynamic range 49152–65535, no reserved ports, 1024), and
/// <see cref="Provenance"/> says so and why. Reading never throws.
/// </para>
/// <para>
/// Only <see cref="Transport.Tcp"/> and <see cref="Transport.Udp"/> are supported everywhere; on Linux,
/// where the kernel applies the same settings to them, <see cref="Transport.Sctp"/> and
/// <see cref="Transport.Dccp"/> are supported too. An instance is an immutable snapshot and thread-safe.
/// </para>
/// </remarks>
public sealed class HostPortSettings
{
    /// <summary>How long <see cref="Current"/> reuses a Windows snapshot, which costs six <c>netsh</c> runs.</summary>
    internal static readonly TimeSpan WindowsCacheLifetime = TimeSpan.FromSeconds(5);

    private readonly EphemeralRanges _ephemeral;
    private readonly PortInterval[] _reservedTcp;
    private readonly PortInterval[] _reservedUdp;
    private readonly bool _supportsSctpAndDccp;
    private readonly HostSettingProvenance[] _sources;

    // Handed out instead of the arrays, which stay private for binary search: a caller casting
    // IReadOnlyList back to an array must not be able to change a shared (cached) instance.
    private readonly ReadOnlyCollection<PortInterval> _reservedTcpView;
    private readonly ReadOnlyCollection<PortInterval> _reservedUdpView;
    private readonly ReadOnlyCollection<HostSettingProvenance> _sourcesView;
    private readonly ReadOnlyCollection<ReservedPortRange> _reservedTcpDetails;
    private readonly ReadOnlyCollection<ReservedPortRange> _reservedUdpDetails;

    /// <summary>Initializes a new instance of the <see cref="HostPortSettings"/> class.</summary>
    /// <param name="ephemeral">The ephemeral ranges.</param>
    /// <param name="reservedTcp">The reserved TCP ports, sorted and merged.</param>
    /// <param name="reservedUdp">The reserved UDP ports, sorted and merged.</param>
    /// <param name="unprivilegedPortStart">The first unprivileged port.</param>
    /// <param name="supportsSctpAndDccp">Whether SCTP and DCCP share the settings.</param>
    /// <param name="sources">Where each value came from.</param>
    /// <param name="reservedTcpDetails">The reserved TCP ranges as the OS lists them; <see langword="null"/>: <paramref name="reservedTcp"/>, all administered (Linux).</param>
    /// <param name="reservedUdpDetails">The same for UDP.</param>
    internal HostPortSettings(
        EphemeralRanges ephemeral,
        PortInterval[] reservedTcp,
        PortInterval[] reservedUdp,
        PortNumber unprivilegedPortStart,
        bool supportsSctpAndDccp,
        HostSettingProvenance[] sources,
        ReservedPortRange[]? reservedTcpDetails = null,
        ReservedPortRange[]? reservedUdpDetails = null)
    {
        _reservedTcpDetails = Array.AsReadOnly(reservedTcpDetails ?? Administered(reservedTcp));
        _reservedUdpDetails = reservedUdpDetails is null && ReferenceEquals(reservedUdp, reservedTcp) && reservedTcpDetails is null
            ? _reservedTcpDetails
            : Array.AsReadOnly(reservedUdpDetails ?? Administered(reservedUdp));
        _ephemeral = ephemeral;
        _reservedTcp = reservedTcp;
        _reservedUdp = reservedUdp;
        UnprivilegedPortStart = unprivilegedPortStart;
        _supportsSctpAndDccp = supportsSctpAndDccp;
        _sources = sources;
        _reservedTcpView = Array.AsReadOnly(reservedTcp);
        _reservedUdpView = ReferenceEquals(reservedUdp, reservedTcp) ? _reservedTcpView : Array.AsReadOnly(reservedUdp);
        _sourcesView = Array.AsReadOnly(sources);
    }

    /// <summary>Gets this host's settings, as of now.</summary>
    /// <remarks>
    /// On Linux, macOS and FreeBSD every call reads the operating system again (three small <c>/proc</c>
    /// files or three sysctls: tens of microseconds), so the result follows changes at once, and on Linux
    /// it reflects the network namespace of the calling thread; keep the instance when you need many answers. On Windows, where reading means
    /// running <c>netsh</c>, a snapshot is reused for up to 5 seconds; while one caller refreshes an expired
    /// snapshot, concurrent callers get the previous one rather than wait. Call <see cref="Read"/> to force a
    /// fresh one.
    /// </remarks>
    public static HostPortSettings Current
    {
        get
        {
            if (!OperatingSystem.IsWindows())
            {
                return Read();
            }

            return WindowsHostPortSettings.Cache.Value;
        }
    }

    /// <summary>Gets the first port a process without privileges may bind; ports from 1 up to the one before it need privileges.</summary>
    /// <remarks>
    /// Linux: <c>ip_unprivileged_port_start</c> (1024 by default; <c>CAP_NET_BIND_SERVICE</c> lifts the limit).
    /// FreeBSD: <c>net.inet.ip.portrange.reservedhigh</c> + 1. macOS: 1024, but since macOS 10.14 any user may
    /// bind a lower port on the wildcard address. Windows: 0 (no privileged ports).
    /// </remarks>
    public PortNumber UnprivilegedPortStart { get; }

    /// <summary>Gets where each value came from, in the order the settings were read.</summary>
    public IReadOnlyList<HostSettingProvenance> Provenance => _sourcesView;

    /// <summary>Reads this host's settings from the operating system now, bypassing any cache.</summary>
    /// <returns>A new snapshot; values that could not be read are documented defaults, explained in <see cref="Provenance"/>.</returns>
    public static HostPortSettings Read()
    {
        if (OperatingSystem.IsLinux())
        {
            return LinuxHostPortSettings.Read();
        }

        if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            return BsdHostPortSettings.Read();
        }

        if (OperatingSystem.IsWindows())
        {
            return WindowsHostPortSettings.Read();
        }

        return CreateUnsupportedPlatform();
    }

    /// <summary>Gets the ephemeral port range for a transport over IPv4.</summary>
    /// <param name="transport">The transport.</param>
    /// <returns>The inclusive range automatic port assignment draws from.</returns>
    /// <remarks>
    /// Only Windows configures IPv6 separately; use <see cref="EphemeralRange(Transport, AddressFamily)"/> for its
    /// IPv6 range. Everywhere else both IP versions share one range.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>, or not supported on this platform (see the type remarks).</exception>
    public PortInterval EphemeralRange(Transport transport) =>
        EphemeralRange(transport, AddressFamily.InterNetwork);

    /// <summary>Gets the ephemeral port range for a transport over an IP version.</summary>
    /// <param name="transport">The transport.</param>
    /// <param name="addressFamily"><see cref="AddressFamily.InterNetwork"/> (IPv4) or <see cref="AddressFamily.InterNetworkV6"/> (IPv6).</param>
    /// <returns>The inclusive range automatic port assignment draws from.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="transport"/> is not a defined <see cref="Transport"/> or not supported on this platform, or
    /// <paramref name="addressFamily"/> is neither IPv4 nor IPv6.
    /// </exception>
    public PortInterval EphemeralRange(Transport transport, AddressFamily addressFamily)
    {
        bool v6 = addressFamily switch
        {
            AddressFamily.InterNetwork => false,
            AddressFamily.InterNetworkV6 => true,
            _ => throw new ArgumentOutOfRangeException(nameof(addressFamily), addressFamily, "Only InterNetwork (IPv4) and InterNetworkV6 (IPv6) have port ranges."),
        };

        return IsUdp(transport)
            ? (v6 ? _ephemeral.Udp6 : _ephemeral.Udp4)
            : (v6 ? _ephemeral.Tcp6 : _ephemeral.Tcp4);
    }

    /// <summary>Gets the ports that automatic assignment skips for a transport, sorted and merged.</summary>
    /// <param name="transport">The transport.</param>
    /// <returns>
    /// Linux: <c>ip_local_reserved_ports</c> (explicit binds may still use them). Windows: the excluded port
    /// ranges, which no process may bind (WSAEACCES). Empty on macOS and FreeBSD, which have no such list.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>, or not supported on this platform (see the type remarks).</exception>
    public IReadOnlyList<PortInterval> Reserved(Transport transport) => IsUdp(transport) ? _reservedUdpView : _reservedTcpView;

    /// <summary>
    /// Gets the reserved or excluded ranges for a transport as the operating system lists them, each saying whether
    /// an administrator reserved it, so a diagnosis can tell an administrator's exclusion from one the system made.
    /// </summary>
    /// <param name="transport">The transport.</param>
    /// <returns>
    /// The ranges sorted by first port, not merged: together they hold exactly the ports of <see cref="Reserved(Transport)"/>.
    /// Windows: one per line of <c>netsh int ipv4 show excludedportrange</c>, administered where netsh marks it <c>*</c>
    /// (Hyper-V, WinNAT and Docker reserve the others at run time). Linux: the ranges of <c>ip_local_reserved_ports</c>,
    /// all administered. Empty on macOS and FreeBSD.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>, or not supported on this platform (see the type remarks).</exception>
    public IReadOnlyList<ReservedPortRange> ReservedDetails(Transport transport) => IsUdp(transport) ? _reservedUdpDetails : _reservedTcpDetails;

    /// <summary>Determines whether a port is in the ephemeral range for a transport over IPv4.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <returns><see langword="true"/> if <see cref="EphemeralRange(Transport)"/> contains <paramref name="port"/>; otherwise, <see langword="false"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>, or not supported on this platform (see the type remarks).</exception>
    public bool IsEphemeral(PortNumber port, Transport transport) => EphemeralRange(transport).Contains(port);

    /// <summary>Determines whether a port is reserved or excluded for a transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <returns><see langword="true"/> if one of <see cref="Reserved(Transport)"/> contains <paramref name="port"/>; otherwise, <see langword="false"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>, or not supported on this platform (see the type remarks).</exception>
    public bool IsReserved(PortNumber port, Transport transport) => PortIntervalList.Contains(ReservedArray(transport), port);

    /// <summary>Determines whether binding a port needs privileges (root, <c>CAP_NET_BIND_SERVICE</c>) on this host.</summary>
    /// <param name="port">The port.</param>
    /// <returns>
    /// <see langword="true"/> if <paramref name="port"/> is not 0 and is below <see cref="UnprivilegedPortStart"/>;
    /// otherwise, <see langword="false"/>. Port 0 asks for any free port and needs no privilege.
    /// </returns>
    public bool IsPrivileged(PortNumber port) => port.Value != 0 && port < UnprivilegedPortStart;

    /// <summary>Returns the settings as text, one <see cref="HostSettingProvenance"/> per line.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Join(Environment.NewLine, (object[])_sources);

    /// <summary>Settings for a platform without a reader: IANA's dynamic range, nothing reserved, 1024.</summary>
    internal static HostPortSettings CreateUnsupportedPlatform()
    {
        const string Reason = "There is no reader for this operating system; IANA's dynamic range (RFC 6335) and the traditional Unix privileged ports are assumed.";
        PortInterval range = PortInterval.FromRange(PortRange.Dynamic);
        PortNumber unprivileged = (ushort)PortNumber.FirstUserPort;
        return new HostPortSettings(
            EphemeralRanges.Same(range),
            [],
            [],
            unprivileged,
            supportsSctpAndDccp: false,
            [
                new(HostSetting.EphemeralRange, null, null, HostSettingOrigin.Default, "", range.ToString(), HostSettingFallback.UnsupportedPlatform, Reason),
                new(HostSetting.ReservedPorts, null, null, HostSettingOrigin.Default, "", "", HostSettingFallback.UnsupportedPlatform, Reason),
                new(HostSetting.UnprivilegedPortStart, null, null, HostSettingOrigin.Default, "", unprivileged.ToString(), HostSettingFallback.UnsupportedPlatform, Reason),
            ]);
    }

    private static ReservedPortRange[] Administered(PortInterval[] intervals) =>
        Array.ConvertAll(intervals, static i => new ReservedPortRange(i, isAdministered: true));

    private PortInterval[] ReservedArray(Transport transport) => IsUdp(transport) ? _reservedUdp : _reservedTcp;

    private bool IsUdp(Transport transport)
    {
        TransportGuard.ThrowIfUndefined(transport, nameof(transport));
        return transport switch
        {
            Transport.Udp => true,
            Transport.Sctp or Transport.Dccp when !_supportsSctpAndDccp => ThrowUnsupported(transport),
            _ => false,
        };
    }

    [DoesNotReturn]
    private static bool ThrowUnsupported(Transport transport) =>
        throw new ArgumentOutOfRangeException(nameof(transport), transport, "This platform's port settings cover only Tcp and Udp.");
}
