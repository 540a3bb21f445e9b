using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>
/// Lists listeners on Linux by asking the kernel over netlink <c>NETLINK_SOCK_DIAG</c>, the mechanism of <c>ss</c>.
/// </summary>
/// <remarks>
/// <para>
/// The kernel filters by state (TCP <c>LISTEN</c>; UDP not connected, which is what <c>ss -lu</c> shows) and, when the
/// query has a port, by port, so the cost follows the number of listeners, not of all connections on the host. No
/// privilege is needed. The list covers the caller's network namespace.
/// </para>
/// <para>
/// A listener's address family is that of the address it reports: an IPv6 socket bound to an IPv4-mapped address
/// (<c>::ffff:127.0.0.1</c>) is listed as IPv4 (<c>127.0.0.1</c>), so an IPv4 query finds it and an IPv6 query does not.
/// </para>
/// <para>
/// Owners come from <c>/proc/&lt;pid&gt;/fd</c>, which the kernel lets a process read only for its own user's
/// processes (or with root / <c>CAP_SYS_PTRACE</c>); other sockets are still listed, with an unknown owner. Owners found
/// once are remembered and re-confirmed cheaply, so repeated calls are much faster than the first.
/// </para>
/// <para>
/// Some sandboxes (seccomp profiles, gVisor) refuse netlink; <c>Listeners.Default</c> then falls back to
/// <see cref="LinuxProcNetListenerSource"/>. Instances are thread-safe.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class LinuxNetlinkListenerSource : IListenerSource
{
    private readonly LinuxSocketOwners _owners;

    /// <summary>Initializes a new instance of the <see cref="LinuxNetlinkListenerSource"/> class.</summary>
    /// <exception cref="PlatformNotSupportedException">The OS is not Linux.</exception>
    public LinuxNetlinkListenerSource()
        : this(LinuxListenerResults.SharedOwners)
    {
    }

    internal LinuxNetlinkListenerSource(LinuxSocketOwners owners)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Netlink sock_diag exists only on Linux.");
        }

        _owners = owners;
    }

    /// <summary>Gets the mechanism's name, <c>"linux-netlink"</c>.</summary>
    public string Name => "linux-netlink";

    /// <summary>Lists the listening sockets that match a query.</summary>
    /// <param name="query">What to list; <see langword="null"/> lists every TCP and UDP listener and resolves owners.</param>
    /// <returns>The listeners.</returns>
    /// <exception cref="UnauthorizedAccessException">The kernel or a sandbox refused the netlink socket (<c>EACCES</c>/<c>EPERM</c>).</exception>
    /// <exception cref="IOException">Netlink sock_diag is unavailable for another reason (for example a kernel without <c>inet_diag</c>), or the kernel did not answer within 5 seconds.</exception>
    /// <exception cref="FormatException">The kernel's reply was malformed.</exception>
    public ListenerSnapshot GetListeners(ListenerQuery? query = null)
    {
        query ??= ListenerQueryDefaults.Everything;
        List<LinuxSocketRecord> records = LinuxListenerResults.RentRecords();
        try
        {
            return List(query, records);
        }
        finally
        {
            LinuxListenerResults.ReturnRecords(records);
        }
    }

    private ListenerSnapshot List(ListenerQuery query, List<LinuxSocketRecord> records)
    {
        List<string>? warnings = null;
        LinuxSocketFilter filter = LinuxSocketFilter.From(query);
        int errno = LinuxNetlinkReader.TryDump(filter, records, ref warnings);
        if (errno != 0)
        {
            throw LinuxNetlinkReader.ToException(errno);
        }

        // The only warning a dump gives is "kept changing": a listener may be missing, so say the list is incomplete.
        return LinuxListenerResults.ToSnapshot(records, query, _owners, Name, warnings, isComplete: warnings is null);
    }
}
