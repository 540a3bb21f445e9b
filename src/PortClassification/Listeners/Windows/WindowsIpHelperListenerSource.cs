using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>
/// Lists listeners on Windows with the IP Helper API: <c>GetExtendedTcpTable(TCP_TABLE_OWNER_PID_LISTENER)</c> and
/// <c>GetExtendedUdpTable(UDP_TABLE_OWNER_PID)</c>, for IPv4 and IPv6.
/// </summary>
/// <remarks>
/// <para>
/// The tables list every listener on the host, with its owning process id, without administrator rights.
/// Process names come from one snapshot of the process list (<see cref="Process.GetProcesses()"/>, which asks the
/// kernel for all processes at once and opens none of them), so protected and other users' processes are named
/// too. A process that exited between the table read and the snapshot has a <see langword="null"/>
/// <see cref="Listener.ProcessName"/>.
/// </para>
/// <para>
/// Process id 4 is the kernel ("System", the owner of HTTP.sys and SMB listeners). A row with process id 0 was
/// attributed to no process (0 is the System Idle Process, which owns no sockets), so its
/// <see cref="Listener.ProcessId"/> and <see cref="Listener.ProcessName"/> are <see langword="null"/>: unknown.
/// Under Wine, sockets are attributed only while the process that opened them holds their descriptor, and IPv6
/// TCP rows always carry 0. Every UDP row counts as a listener: the table lists bound UDP sockets.
/// </para>
/// <para>This type is stateless and thread-safe.</para>
/// </remarks>
[SupportedOSPlatform("windows")]
public sealed class WindowsIpHelperListenerSource : IListenerSource
{
    /// <summary>Initializes a new instance of the <see cref="WindowsIpHelperListenerSource"/> class.</summary>
    public WindowsIpHelperListenerSource()
    {
    }

    /// <summary>Gets the name of this source, <c>"windows-iphelper"</c>.</summary>
    public string Name => "windows-iphelper";

    /// <summary>Lists the listening sockets that match a query.</summary>
    /// <param name="query">What to list; <see langword="null"/> lists every TCP and UDP listener and names their processes.</param>
    /// <returns>
    /// The listeners. The snapshot is incomplete, with a warning, when a table could not be read or was malformed;
    /// the other tables are still listed.
    /// </returns>
    /// <exception cref="PlatformNotSupportedException">The current OS is not Windows.</exception>
    public ListenerSnapshot GetListeners(ListenerQuery? query = null)
    {
        if (!OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The IP Helper listener source runs only on Windows.");
        }

        query ??= ListenerQueryDefaults.Everything;
        var rows = new List<IpHelperRow>();
        List<string>? warnings = null;
        foreach ((Transport transport, AddressFamily family) in TablesFor(query))
        {
            if (ReadTable(transport, family, listenersOnly: true, rows) is { } warning)
            {
                (warnings ??= []).Add(warning);
            }
        }

        Dictionary<int, string>? names = query.ResolveProcesses ? ProcessNames(rows) : null;
        return new ListenerSnapshot(ToListeners(rows, query, names), Name, warnings is null, warnings);
    }

    /// <summary>Gets the tables a query needs, TCP before UDP and IPv4 before IPv6.</summary>
    /// <remarks>
    /// An IPv4 filter needs the IPv6 tables too: a dual-mode socket bound to an IPv4 address is a row there with an
    /// IPv4-mapped address, which the decoder reports as IPv4. The family filter is applied after that mapping, in
    /// <see cref="ToListeners"/>, so a filtered query lists what the unfiltered one lists for that family.
    /// </remarks>
    internal static (Transport Transport, AddressFamily Family)[] TablesFor(ListenerQuery query) => TablesFor(query.Transport, query.AddressFamily);

    /// <summary>Gets the tables that hold the sockets of a transport and family (either may be unset), for listeners and sockets alike.</summary>
    internal static (Transport Transport, AddressFamily Family)[] TablesFor(Transport? onlyTransport, AddressFamily? onlyFamily)
    {
        var tables = new List<(Transport, AddressFamily)>(4);
        foreach (Transport transport in (ReadOnlySpan<Transport>)[Transport.Tcp, Transport.Udp])
        {
            if (onlyTransport is { } wanted && wanted != transport)
            {
                continue;
            }

            if (onlyFamily is null or AddressFamily.InterNetwork)
            {
                tables.Add((transport, AddressFamily.InterNetwork));
            }

            tables.Add((transport, AddressFamily.InterNetworkV6));
        }

        return [.. tables];
    }

    /// <summary>Turns decoded rows into the listeners that match a query, named from <paramref name="names"/> when given; process id 0 becomes unknown.</summary>
    internal static List<Listener> ToListeners(List<IpHelperRow> rows, ListenerQuery query, Dictionary<int, string>? names)
    {
        var listeners = new List<Listener>(rows.Count);
        foreach (IpHelperRow row in rows)
        {
            // Process id 0 is "attributed to no process": unknown, as the Listener contract spells it.
            int? processId = row.ProcessId != 0 ? row.ProcessId : null;
            string? name = null;
            if (processId is { } pid)
            {
                names?.TryGetValue(pid, out name);
            }

            var listener = new Listener(row.Transport, row.LocalEndPoint, processId, name);
            if (query.Matches(listener))
            {
                listeners.Add(listener);
            }
        }

        return listeners;
    }

    /// <summary>Reads and decodes one table; returns a warning if it could not. The one Windows reader behind listeners and sockets.</summary>
    internal static string? ReadTable(Transport transport, AddressFamily family, bool listenersOnly, List<IpHelperRow> rows)
    {
        string api = transport == Transport.Tcp ? "GetExtendedTcpTable" : "GetExtendedUdpTable";
        string af = family == AddressFamily.InterNetwork ? "AF_INET" : "AF_INET6";
        uint result = IpHelperTableReader.Read(transport, family, listenersOnly, out byte[] table);
        switch (result)
        {
            case Interop.Errors.ERROR_SUCCESS:
                try
                {
                    IpHelperTableDecoder.Decode(table, transport, family, rows, listenersOnly);
                    return null;
                }
                catch (FormatException e)
                {
                    return $"{api}({af}) returned a malformed table, so its sockets are missing: {e.Message}";
                }

            case Interop.Errors.ERROR_NO_DATA:
            case Interop.Errors.ERROR_NOT_SUPPORTED:
                // No table, or no such protocol stack (IPv6 removed): nothing listens there.
                return null;
            case Interop.Errors.ERROR_INSUFFICIENT_BUFFER or Interop.Errors.STATUS_UNSUCCESSFUL:
                return $"{api}({af}) kept growing faster than it could be read, so its sockets are missing.";
            default:
                return $"{api}({af}) failed with error 0x{result:X}, so its sockets are missing: {new Win32Exception((int)result).Message}";
        }
    }

    /// <summary>Names every process that owns a row, from one process-list snapshot; empty if the snapshot fails.</summary>
    internal static Dictionary<int, string> ProcessNames(List<IpHelperRow> rows)
    {
        var names = new Dictionary<int, string>();
        foreach (IpHelperRow row in rows)
        {
            if (row.ProcessId != 0)
            {
                names.TryAdd(row.ProcessId, string.Empty);
            }
        }

        if (names.Count == 0)
        {
            return names;
        }

        Process[] processes;
        try
        {
            processes = Process.GetProcesses();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            // Names are a nicety; the ids are already known.
            return [];
        }

        foreach (Process process in processes)
        {
            using (process)
            {
                if (names.ContainsKey(process.Id))
                {
                    names[process.Id] = process.ProcessName;
                }
            }
        }

        // Ids with no process any more have no name.
        foreach (int pid in (int[])[.. names.Keys])
        {
            if (names[pid].Length == 0)
            {
                names.Remove(pid);
            }
        }

        return names;
    }
}
