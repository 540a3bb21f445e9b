using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.Versioning;

namespace PortClassification.Internal;

/// <summary>Turns the kernel's socket records into a <see cref="ListenerSnapshot"/>, resolving owners on request.</summary>
[SupportedOSPlatform("linux")]
internal static class LinuxListenerResults
{
    /// <summary>The owner lookup shared by every Linux source, so hints learned by one call speed up the next.</summary>
    internal static LinuxSocketOwners SharedOwners { get; } = new();

    internal static ListenerSnapshot ToSnapshot(
        List<LinuxSocketRecord> records, ListenerQuery query, LinuxSocketOwners owners, string source, List<string>? warnings, bool isComplete = true)
    {
        // The kernel filters state and (for netlink) port; re-check what it cannot (address family of dual dumps) cheaply.
        records.RemoveAll(r => !Matches(query, r));
        ReadOnlySpan<LinuxSocketRecord> sockets = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(records);
        int[] pids = new int[sockets.Length];
        string?[] names = new string?[sockets.Length];
        if (query.ResolveProcesses && sockets.Length > 0)
        {
            int denied = owners.Resolve(sockets, pids, names);
            int unknown = Array.IndexOf(pids, 0) < 0 ? 0 : CountZeros(pids);
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

        return new ListenerSnapshot(listeners, source, isComplete, warnings);
    }

    private static bool Matches(ListenerQuery query, LinuxSocketRecord record) =>
        (query.Transport is null || query.Transport == record.Transport)
        && (query.AddressFamily is null || query.AddressFamily == record.LocalEndPoint.AddressFamily)
        && (query.Port is null || query.Port.Value.Value == record.LocalEndPoint.Port);

    private static int CountZeros(int[] values)
    {
        int count = 0;
        foreach (int v in values)
        {
            count += v == 0 ? 1 : 0;
        }

        return count;
    }
}
