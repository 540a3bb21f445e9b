using System;
using System.Collections.Generic;
using System.Runtime.Versioning;
using System.Threading;

namespace PortClassification;

/// <summary>
/// <see cref="Sockets.Default"/> on Linux: the socket table from the same readers as the listener view — netlink
/// <c>sock_diag</c> (<see cref="LinuxNetlinkReader"/>), or the <c>/proc/net</c> tables where netlink is refused
/// (<see cref="LinuxProcNetListenerSource.ReadTables"/>) — with owners from the shared <c>/proc/&lt;pid&gt;/fd</c> search.
/// </summary>
/// <remarks>
/// <para>
/// Netlink gives every TCP state, bound-only TCP sockets on Linux 6.8 and later, and filters states and ports in the
/// kernel. <c>/proc/net</c> lists the same states except bound-only TCP sockets, and costs a pass over every socket of
/// the namespace whatever the query. A refusal of netlink (<c>EACCES</c>, <c>EPERM</c>, no <c>inet_diag</c>) is
/// remembered for the life of the process; any other failure falls back for that call only, with a warning.
/// </para>
/// <para>TIME_WAIT, request (SYN_RECV) and orphaned sockets have inode 0 and uid 0: no process holds them, so they have no owner.</para>
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed class LinuxSocketSource : ISocketSource
{
    private readonly LinuxSocketOwners _owners;
    private readonly string _netDirectory;
    private string? _refusal;

    internal LinuxSocketSource()
        : this(LinuxListenerResults.SharedOwners, "/proc/net", useNetlink: true)
    {
    }

    /// <summary>Initializes an instance; tests read <c>/proc/net</c> only to compare the two readers on one load.</summary>
    internal LinuxSocketSource(LinuxSocketOwners owners, string netDirectory, bool useNetlink)
    {
        _owners = owners;
        _netDirectory = netDirectory;
        if (!useNetlink)
        {
            _refusal = "Listed from /proc/net as asked.";
        }
    }

    /// <summary>Gets <c>"linux-netlink"</c>, or <c>"linux-procfs"</c> once netlink has been refused.</summary>
    public string Name => Volatile.Read(ref _refusal) is null ? "linux-netlink" : "linux-procfs";

    /// <summary>Lists the sockets that match a query.</summary>
    /// <param name="query">What to list; <see langword="null"/> lists every socket and resolves owners.</param>
    /// <returns>The sockets.</returns>
    /// <exception cref="FormatException">The kernel's reply or a <c>/proc/net</c> table was malformed.</exception>
    public SocketSnapshot GetSockets(SocketQuery? query = null)
    {
        query ??= SocketQueryDefaults.Everything;
        LinuxSocketFilter filter = LinuxSocketFilter.From(query);
        List<LinuxSocketRecord> records = LinuxListenerResults.RentRecords();
        try
        {
            List<string>? warnings = null;
            string? reason = Volatile.Read(ref _refusal);
            if (reason is null)
            {
                int errno = LinuxNetlinkReader.TryDump(filter, records, ref warnings);
                if (errno == 0)
                {
                    return LinuxListenerResults.ToSocketSnapshot(records, query, _owners, "linux-netlink", warnings, isComplete: warnings is null);
                }

                records.Clear();
                warnings = null;
                Exception e = LinuxNetlinkReader.ToException(errno);
                reason = LinuxListenerSource.FallbackReason(e, ref _refusal);
            }

            warnings = [reason];
            bool complete = LinuxProcNetListenerSource.ReadTables(_netDirectory, filter, records, ref warnings);
            if ((filter.TcpStates & LinuxSocketFilter.BoundBit) != 0)
            {
                (warnings ??= []).Add("Bound-only TCP sockets (bound, neither listening nor connected) are not in /proc/net, so none are listed.");
            }

            return LinuxListenerResults.ToSocketSnapshot(records, query, _owners, "linux-procfs", warnings, complete);
        }
        finally
        {
            LinuxListenerResults.ReturnRecords(records);
        }
    }
}
