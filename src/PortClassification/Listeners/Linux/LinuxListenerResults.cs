using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>Turns the kernel's socket records into a <see cref="ListenerSnapshot"/>, resolving owners on request.</summary>
[SupportedOSPlatform("linux")]
internal static class LinuxListenerResults
{
    /// <summary>Record lists above this many entries are not kept for reuse.</summary>
    private const int MaxCachedRecords = 1 << 16;

    // One record list per thread, reused: at 10,000 listeners a fresh list lands on the large object heap and
    // costs a gen-2 collection every few calls, which is more than the dump itself.
    [ThreadStatic]
    private static List<LinuxSocketRecord>? t_records;

    /// <summary>The owner lookup shared by every Linux source, so hints learned by one call speed up the next.</summary>
    internal static LinuxSocketOwners SharedOwners { get; } = new();

    /// <summary>Takes this thread's empty record list (give it back with <see cref="ReturnRecords"/>).</summary>
    internal static List<LinuxSocketRecord> RentRecords()
    {
        List<LinuxSocketRecord> records = t_records ?? [];
        t_records = null;
        return records;
    }

    internal static void ReturnRecords(List<LinuxSocketRecord> records)
    {
        if (records.Capacity <= MaxCachedRecords)
        {
            records.Clear(); // drops the end point references
            t_records = records;
        }
    }

    internal static ListenerSnapshot ToSnapshot(
        List<LinuxSocketRecord> records, ListenerQuery query, LinuxSocketOwners owners, string source, List<string>? warnings, bool isComplete = true)
    {
        ReadOnlySpan<LinuxSocketRecord> sockets = Filter(records, LinuxSocketFilter.From(query));
        (int[] pids, string?[] names) = Owners(sockets, query.ResolveProcesses, owners, ref warnings, ref isComplete);

        var listeners = new Listener[sockets.Length];
        for (int i = 0; i < sockets.Length; i++)
        {
            LinuxSocketRecord r = sockets[i];
            // uids above 2^31 - 1 do not occur in practice
            listeners[i] = new Listener(r.Transport, r.LocalEndPoint, pids[i] == 0 ? null : pids[i], names[i], unchecked((int)r.UserId), r.Inode);
        }

        Return(pids, names);
        return ListenerSnapshot.Wrap(listeners, source, isComplete, warnings);
    }

    internal static SocketSnapshot ToSocketSnapshot(
        List<LinuxSocketRecord> records, SocketQuery query, LinuxSocketOwners owners, string source, List<string>? warnings, bool isComplete = true)
    {
        ReadOnlySpan<LinuxSocketRecord> sockets = Filter(records, LinuxSocketFilter.From(query));
        (int[] pids, string?[] names) = Owners(sockets, query.ResolveProcesses, owners, ref warnings, ref isComplete);
        var entries = new SocketEntry[sockets.Length];
        for (int i = 0; i < sockets.Length; i++)
        {
            LinuxSocketRecord r = sockets[i];
            entries[i] = new SocketEntry(
                r.Transport, r.State, r.LocalEndPoint, r.RemoteEndPoint, pids[i] == 0 ? null : pids[i], names[i], unchecked((int)r.UserId), r.Inode);
        }

        Return(pids, names);
        return SocketSnapshot.Wrap(entries, source, isComplete, warnings);
    }

    /// <summary>Drops what the kernel could not filter (the family of dual dumps; everything after a bytecode fallback).</summary>
    private static ReadOnlySpan<LinuxSocketRecord> Filter(List<LinuxSocketRecord> records, LinuxSocketFilter filter)
    {
        records.RemoveAll(r => !filter.Matches(r));
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(records);
    }

    /// <summary>Looks up owners when asked; pooled arrays at least as long as <paramref name="sockets"/>, 0/null where unknown.</summary>
    private static (int[] Pids, string?[] Names) Owners(ReadOnlySpan<LinuxSocketRecord> sockets, bool resolve, LinuxSocketOwners owners, ref List<string>? warnings, ref bool isComplete)
    {
        int[] pids = ArrayPool<int>.Shared.Rent(sockets.Length);
        string?[] names = ArrayPool<string?>.Shared.Rent(sockets.Length);
        pids.AsSpan(0, sockets.Length).Clear();
        names.AsSpan(0, sockets.Length).Clear();
        if (resolve && sockets.Length > 0)
        {
            int denied = owners.Resolve(sockets, pids.AsSpan(0, sockets.Length), names.AsSpan(0, sockets.Length), out int exhausted);
            int unknown = 0;
            for (int i = 0; i < sockets.Length; i++)
            {
                // Sockets no process holds (inode 0: TIME_WAIT, orphans, request sockets) are not "unknown".
                if (pids[i] == 0 && sockets[i].Inode != 0)
                {
                    unknown++;
                }
            }

            if (exhausted > 0 && unknown > 0)
            {
                // Owners we failed to look for are a failed read, not a permission: the snapshot says it is incomplete.
                isComplete = false;
                (warnings ??= []).Add(string.Create(CultureInfo.InvariantCulture,
                    $"The owners of {unknown} socket(s) are unknown: this process ran out of file descriptors while searching /proc (raise 'ulimit -n')."));
            }

            if (denied > 0 && unknown > 0)
            {
                (warnings ??= []).Add(string.Create(CultureInfo.InvariantCulture,
                    $"The owners of {unknown} socket(s) are unknown: {denied} process(es) could not be inspected (other users' processes need root or CAP_SYS_PTRACE)."));
            }
        }

        return (pids, names);
    }

    private static void Return(int[] pids, string?[] names)
    {
        ArrayPool<int>.Shared.Return(pids);
        ArrayPool<string?>.Shared.Return(names, clearArray: true);
    }
}
