using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using PortClassification.Internal;

namespace PortClassification;

/// <summary>
/// Lists listeners on macOS with libproc: <c>proc_listpids</c>, then per process <c>proc_pidinfo(PROC_PIDLISTFDS)</c>,
/// then per socket descriptor <c>proc_pidfdinfo(PROC_PIDFDSOCKETINFO)</c>.
/// </summary>
/// <remarks>
/// <para>
/// libproc reports sockets per process, so every listener comes with its owner. Without root, macOS refuses
/// (<c>EPERM</c>) to describe other users' processes: their listeners are missing, and the snapshot says so
/// (<see cref="ListenerSnapshot.IsComplete"/> is <see langword="false"/> and a warning counts the processes that
/// could not be inspected). Processes that exit during the walk, and descriptors closed meanwhile, are skipped
/// without a warning. A socket shared by several processes is reported once, for the lowest process id.
/// </para>
/// <para>
/// A TCP socket listens in state LISTEN; a UDP socket listens when it is bound to a port and connected to none.
/// The <c>net.inet.*.pcblist_n</c> sysctls, which list sockets without owners, are not consulted.
/// </para>
/// <para>This type is stateless and thread-safe.</para>
/// </remarks>
[SupportedOSPlatform("macos")]
public sealed class MacOSListenerSource : IListenerSource
{
    private const int EPerm = 1;
    private const int ESrch = 3;

    // proc_name copies at most 2 * MAXCOMLEN bytes (pbi_name).
    private const int ProcessNameCapacity = 64;

    // The kernel adds slack to its size estimates; a few attempts cover processes opening descriptors meanwhile.
    private const int MaxAttempts = 4;

    private static readonly ListenerQuery s_everything = new();

    /// <summary>Initializes a new instance of the <see cref="MacOSListenerSource"/> class.</summary>
    public MacOSListenerSource()
    {
    }

    /// <summary>Gets the name of this source, <c>"macos-libproc"</c>.</summary>
    public string Name => "macos-libproc";

    /// <summary>Lists the listening sockets that match a query.</summary>
    /// <param name="query">What to list; <see langword="null"/> lists every TCP and UDP listener and names their processes.</param>
    /// <returns>
    /// The listeners this process may see. The snapshot is incomplete, with a warning, when some processes could not be
    /// inspected (another user's, without root) or returned malformed data.
    /// </returns>
    /// <exception cref="PlatformNotSupportedException">The current OS is not macOS.</exception>
    public ListenerSnapshot GetListeners(ListenerQuery? query = null)
    {
        if (!OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("The libproc listener source runs only on macOS.");
        }

        query ??= s_everything;
        if (ListProcesses() is not { } pids)
        {
            return new ListenerSnapshot([], Name, isComplete: false,
                [$"proc_listpids failed (errno {Marshal.GetLastPInvokeError()}), so no process could be inspected."]);
        }

        var found = new Dictionary<ulong, (LibprocSocket Socket, int ProcessId)>();
        var descriptors = new List<int>();
        byte[] fdBuffer = [];
        int denied = 0;
        int malformed = 0;
        Span<byte> info = stackalloc byte[LibprocDecoder.SocketFdInfoSize];
        foreach (int pid in pids)
        {
            descriptors.Clear();
            int errno = ListSocketDescriptors(pid, ref fdBuffer, descriptors);
            if (errno == EPerm)
            {
                denied++;
                continue;
            }

            if (errno != 0)
            {
                // Exited (ESRCH), or a descriptor list that does not decode: counted below only if malformed.
                malformed += errno < 0 ? 1 : 0;
                continue;
            }

            foreach (int fd in descriptors)
            {
                int written = DescribeSocket(pid, fd, info);
                if (written <= 0)
                {
                    // Closed meanwhile (EBADF), not an inet socket the kernel describes (EOPNOTSUPP), or the process exited.
                    continue;
                }

                LibprocSocket socket;
                try
                {
                    if (!LibprocDecoder.TryDecodeListener(info[..written], out socket))
                    {
                        continue;
                    }
                }
                catch (FormatException)
                {
                    malformed++;
                    continue;
                }

                var listener = new Listener(socket.Transport, socket.LocalEndPoint, pid, null);
                if (query.Matches(listener)
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
                name = names[pid] = ProcessName(pid);
            }

            listeners.Add(new Listener(socket.Transport, socket.LocalEndPoint, pid, name));
        }

        List<string>? warnings = null;
        if (denied != 0)
        {
            (warnings ??= []).Add($"{denied} of {pids.Count} processes could not be inspected (permission denied: they belong to other users; run as root to see them), so their listeners are missing.");
        }

        if (malformed != 0)
        {
            (warnings ??= []).Add($"libproc returned {malformed} malformed records (descriptor lists or socket_fdinfo), so some listeners may be missing.");
        }

        return new ListenerSnapshot(listeners, Name, warnings is null, warnings);
    }

    /// <summary>Lists every process id, growing the buffer while the kernel fills it to the brim; <see langword="null"/> on failure.</summary>
    private static unsafe List<int>? ListProcesses()
    {
        int estimate = Interop.Libproc.ProcListPids(Interop.Libproc.ProcAllPids, 0, null, 0);
        byte[] buffer = new byte[Math.Max(estimate, 4096) + 1024];
        for (int attempt = 0; ; attempt++)
        {
            int written;
            fixed (byte* p = buffer)
            {
                written = Interop.Libproc.ProcListPids(Interop.Libproc.ProcAllPids, 0, p, buffer.Length);
            }

            if (written <= 0)
            {
                return null;
            }

            // A full buffer may have cut the list short; ask again with more room.
            if (written < buffer.Length || attempt == MaxAttempts)
            {
                var pids = new List<int>(written / sizeof(int));
                LibprocDecoder.DecodePids(buffer.AsSpan(0, Math.Min(written, buffer.Length) & ~3), pids);
                return pids;
            }

            buffer = new byte[buffer.Length * 2];
        }
    }

    /// <summary>Lists one process's socket descriptors; returns 0, the <c>errno</c> of the failure, or -1 for a malformed list.</summary>
    private static unsafe int ListSocketDescriptors(int pid, ref byte[] buffer, List<int> into)
    {
        int estimate = Interop.Libproc.ProcPidInfo(pid, Interop.Libproc.ProcPidListFds, 0, null, 0);
        if (estimate <= 0)
        {
            return Marshal.GetLastPInvokeError() is var errno and not 0 ? errno : ESrch;
        }

        for (int attempt = 0; ; attempt++)
        {
            if (buffer.Length < estimate)
            {
                buffer = new byte[estimate];
            }

            int written;
            fixed (byte* p = buffer)
            {
                written = Interop.Libproc.ProcPidInfo(pid, Interop.Libproc.ProcPidListFds, 0, p, buffer.Length);
            }

            if (written <= 0)
            {
                // 0 with errno 0 is a process with no descriptors.
                return Marshal.GetLastPInvokeError();
            }

            if (written < buffer.Length || attempt == MaxAttempts)
            {
                try
                {
                    LibprocDecoder.DecodeSocketDescriptors(buffer.AsSpan(0, Math.Min(written, buffer.Length)), into);
                    return 0;
                }
                catch (FormatException)
                {
                    return -1;
                }
            }

            estimate = buffer.Length * 2;
        }
    }

    private static unsafe int DescribeSocket(int pid, int fd, Span<byte> info)
    {
        fixed (byte* p = info)
        {
            int written = Interop.Libproc.ProcPidFdInfo(pid, fd, Interop.Libproc.ProcPidFdSocketInfo, p, info.Length);
            return Math.Min(written, info.Length);
        }
    }

    private static unsafe string? ProcessName(int pid)
    {
        byte* name = stackalloc byte[ProcessNameCapacity];
        int length = Interop.Libproc.ProcName(pid, name, ProcessNameCapacity);
        return length > 0 && length <= ProcessNameCapacity
            ? Encoding.UTF8.GetString(name, length)
            : null;
    }
}
