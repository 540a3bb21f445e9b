using System;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// Walks every process's sockets through <see cref="ILibproc"/> and turns what it sees into a snapshot: one entry
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
        Dictionary<ulong, (LibprocSocket Socket, int ProcessId)>? found = Walk(
            libproc, (socket, pid) => socket.IsListener && query.Matches(new Listener(socket.Transport, socket.LocalEndPoint, pid, null)), "listeners", out List<string>? warnings);
        if (found is null)
        {
            return new ListenerSnapshot([], source, isComplete: false, warnings);
        }

        var names = new Dictionary<int, string?>();
        var listeners = new List<Listener>(found.Count);
        foreach ((LibprocSocket socket, int pid) in found.Values)
        {
            listeners.Add(new Listener(socket.Transport, socket.LocalEndPoint, pid, query.ResolveProcesses ? Name(libproc, names, pid) : null));
        }

        return new ListenerSnapshot(listeners, source, warnings is null, warnings);
    }

    /// <summary>Collects every TCP and UDP socket that has a descriptor (so no TIME_WAIT) and matches <paramref name="query"/>.</summary>
    internal static SocketSnapshot CollectSockets(ILibproc libproc, SocketQuery query, string source)
    {
        Dictionary<ulong, (LibprocSocket Socket, int ProcessId)>? found = Walk(
            libproc, (socket, pid) => query.Matches(ToEntry(socket, pid, null)), "sockets", out List<string>? warnings);
        if (found is null)
        {
            return new SocketSnapshot([], source, isComplete: false, warnings);
        }

        var names = new Dictionary<int, string?>();
        var sockets = new List<SocketEntry>(found.Count);
        foreach ((LibprocSocket socket, int pid) in found.Values)
        {
            sockets.Add(ToEntry(socket, pid, query.ResolveProcesses ? Name(libproc, names, pid) : null));
        }

        return new SocketSnapshot(sockets, source, warnings is null, warnings);
    }

    private static SocketEntry ToEntry(LibprocSocket socket, int pid, string? name) =>
        new(socket.Transport, socket.State, socket.LocalEndPoint, socket.RemoteEndPoint, pid, name);

    private static string? Name(ILibproc libproc, Dictionary<int, string?> names, int pid)
    {
        if (!names.TryGetValue(pid, out string? name))
        {
            name = names[pid] = libproc.ProcessName(pid);
        }

        return name;
    }

    /// <summary>Walks every process's sockets, keeping per socket handle the lowest pid; <see langword="null"/> when no process could be listed.</summary>
    private static Dictionary<ulong, (LibprocSocket Socket, int ProcessId)>? Walk(
        ILibproc libproc, Func<LibprocSocket, int, bool> keep, string noun, out List<string>? warnings)
    {
        warnings = null;
        byte[] buffer = [];
        LibprocList pidList = libproc.ListAllPids(ref buffer);
        if (pidList.Failed)
        {
            warnings = [$"proc_listpids failed (errno {pidList.Errno}), so no process could be inspected."];
            return null;
        }

        var pids = new List<int>();
        if (!TryDecode(buffer.AsSpan(0, pidList.Length), pids, LibprocDecoder.DecodePids, out string? error))
        {
            warnings = [$"proc_listpids returned a malformed pid list ({error}), so no process could be inspected."];
            return null;
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
                    if (!LibprocDecoder.TryDecodeSocket(info[..length], out socket))
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
                if (keep(socket, pid)
                    && (!found.TryGetValue(socket.SocketHandle, out var seen) || pid < seen.ProcessId))
                {
                    found[socket.SocketHandle] = (socket, pid);
                }
            }
        }

        if (pidList.Truncated)
        {
            (warnings ??= []).Add($"proc_listpids returned more processes than could be read; only the first {pids.Count} were inspected.");
        }

        if (denied != 0)
        {
            (warnings ??= []).Add($"{denied} of {pids.Count} processes could not be inspected (permission denied: they belong to other users; run as root to see them), so their {noun} are missing.");
        }

        if (truncated != 0)
        {
            (warnings ??= []).Add($"{truncated} processes had more descriptors than could be read, so some of their {noun} may be missing.");
        }

        if (malformed != 0)
        {
            (warnings ??= []).Add($"libproc returned {malformed} malformed records (descriptor lists or socket_fdinfo), so some {noun} may be missing.");
        }

        return found;
    }

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
