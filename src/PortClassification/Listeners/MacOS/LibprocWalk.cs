using System;
using System.Collections.Generic;

namespace PortClassification.Internal;

/// <summary>
/// Walks every process's sockets through <see cref="ILibproc"/> and turns what it sees into a snapshot: one listener
/// per socket (for the lowest pid that shares it), and warnings that count the processes that could not be
/// inspected, the malformed records, and the lists cut short. Pure apart from the calls it is given.
/// </summary>
internal static class LibprocWalk
{
    /// <summary><c>EPERM</c>: the process belongs to another user and this one is not root.</summary>
    internal const int EPerm = 1;

    private delegate void DecodeList(ReadOnlySpan<byte> bytes, List<int> into);

    internal static ListenerSnapshot Collect(ILibproc libproc, ListenerQuery query, string source)
    {
        byte[] buffer = [];
        LibprocList pidList = libproc.ListAllPids(ref buffer);
        if (pidList.Failed)
        {
            return Failed(source, $"proc_listpids failed (errno {pidList.Errno}), so no process could be inspected.");
        }

        var pids = new List<int>();
        if (!TryDecode(buffer.AsSpan(0, pidList.Length), pids, LibprocDecoder.DecodePids, out string? error))
        {
            return Failed(source, $"proc_listpids returned a malformed pid list ({error}), so no process could be inspected.");
        }

        var found = new Dictionary<ulong, (LibprocSocket Socket, int ProcessId)>();
        var descriptors = new List<int>();
        int denied = 0;
        int malformed = 0;
        int truncated = 0;
        Span<byte> info = stackalloc byte[LibprocDecoder.SocketFdInfoSize];
        foreach (int pid in pids)
        {
            LibprocList list = libproc.ListDescriptors(pid, ref buffer);
            if (list.Failed)
            {
                // EPERM: another user's process (without root). Anything else, typically ESRCH: it exited meanwhile.
                denied += list.Errno == EPerm ? 1 : 0;
                continue;
            }

            truncated += list.Truncated ? 1 : 0;
            if (!TryDecode(buffer.AsSpan(0, list.Length), descriptors, LibprocDecoder.DecodeSocketDescriptors, out _))
            {
                malformed++;
                continue;
            }

            foreach (int fd in descriptors)
            {
                int length = Math.Min(libproc.DescribeSocket(pid, fd, info), info.Length);
                if (length <= 0)
                {
                    // Closed meanwhile (EBADF), a socket the kernel does not describe (EOPNOTSUPP), or the process exited.
                    continue;
                }

                LibprocSocket socket;
                try
                {
                    if (!LibprocDecoder.TryDecodeListener(info[..length], out socket))
                    {
                        continue;
                    }
                }
                catch (FormatException)
                {
                    malformed++;
                    continue;
                }

                // The same socket appears in every process that shares it: keep the lowest pid.
                if (query.Matches(new Listener(socket.Transport, socket.LocalEndPoint, pid, null))
                    && (!found.TryGetValue(socket.SocketHandle, out var seen) || pid < seen.ProcessId))
                {
                    found[socket.SocketHandle] = (socket, pid);
                }
            }
        }

        var names = new Dictionary<int, string?>();
        var listeners = new List<Listener>(found.Count);
        foreach ((LibprocSocket socket, int pid) in found.Values)
        {
            string? name = null;
            if (query.ResolveProcesses && !names.TryGetValue(pid, out name))
            {
                name = names[pid] = libproc.ProcessName(pid);
            }

            listeners.Add(new Listener(socket.Transport, socket.LocalEndPoint, pid, name));
        }

        List<string>? warnings = null;
        if (pidList.Truncated)
        {
            (warnings ??= []).Add($"proc_listpids returned more processes than could be read; only the first {pids.Count} were inspected.");
        }

        if (denied != 0)
        {
            (warnings ??= []).Add($"{denied} of {pids.Count} processes could not be inspected (permission denied: they belong to other users; run as root to see them), so their listeners are missing.");
        }

        if (truncated != 0)
        {
            (warnings ??= []).Add($"{truncated} processes had more descriptors than could be read, so some of their listeners may be missing.");
        }

        if (malformed != 0)
        {
            (warnings ??= []).Add($"libproc returned {malformed} malformed records (descriptor lists or socket_fdinfo), so some listeners may be missing.");
        }

        return new ListenerSnapshot(listeners, source, warnings is null, warnings);
    }

    private static ListenerSnapshot Failed(string source, string warning) => new([], source, isComplete: false, [warning]);

    private static bool TryDecode(ReadOnlySpan<byte> bytes, List<int> into, DecodeList decode, out string? error)
    {
        into.Clear();
        try
        {
            decode(bytes, into);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            into.Clear();
            error = e.Message;
            return false;
        }
    }
}
