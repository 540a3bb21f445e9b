using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.Versioning;

namespace PortClassification.Internal;

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
        // The kernel filters state and (for netlink) port; re-check what it cannot (address family of dual dumps) cheaply.
        records.RemoveAll(r => !Matches(query, r));
        ReadOnlySpan<LinuxSocketRecord> sockets = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(records);
        int[] pids = ArrayPool<int>.Shared.Rent(sockets.Length);
        string?[] names = ArrayPool<string?>.Shared.Rent(sockets.Length);
        pids.AsSpan(0, sockets.Length).Clear();
        names.AsSpan(0, sockets.Length).Clear();
        if (query.ResolveProcesses && sockets.Length > 0)
        {
            int denied = owners.Resolve(sockets, pids.AsSpan(0, sockets.Length), names.AsSpan(0, sockets.Length), out int exhausted);
            int unknown = pids.AsSpan(0, sockets.Length).Count(0);
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

        var listeners = new Listener[sockets.Length];
        for (int i = 0; i < sockets.Length; i++)
        {
            LinuxSocketRecord r = sockets[i];
            listeners[i] = new Listener(r.Transport, r.LocalEndPoint, pids[i] == 0 ? null : pids[i], names[i])
            {
                UserId = unchecked((int)r.UserId), // uids above 2^31 - 1 do not occur in practice
                SocketInode = r.Inode,
            };
        }

        ArrayPool<int>.Shared.Return(pids);
        ArrayPool<string?>.Shared.Return(names, clearArray: true);
        return ListenerSnapshot.Wrap(listeners, source, isComplete, warnings);
    }

    private static bool Matches(ListenerQuery query, LinuxSocketRecord record) =>
        (query.Transport is null || query.Transport == record.Transport)
        && (query.AddressFamily is null || query.AddressFamily == record.LocalEndPoint.AddressFamily)
        && (query.Port is null || query.Port.Value.Value == record.LocalEndPoint.Port);
}
