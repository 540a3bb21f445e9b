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

    // proc_name copies at most 2 * MAXCOMLEN bytes (pbi_name).
    private const int ProcessNameCapacity = 64;

    // The kernel adds slack to its size estimates; a few attempts cover processes opening descriptors meanwhile.
    private const int MaxAttempts = 4;

    // 16 MiB is two million descriptors or four million pids: far past any real system, so a larger estimate is not trusted.
    private const int MaxListBytes = 16 * 1024 * 1024;

    private static readonly ListenerQuery s_everything = new();

    private delegate void DecodeList(ReadOnlySpan<byte> bytes, List<int> into);

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
        byte[] buffer = [];
        int written = ListAllPids(ref buffer);
        var pids = new List<int>();
        if (written <= 0 || !TryDecode(buffer.AsSpan(0, written), pids, LibprocDecoder.DecodePids))
        {
            return new ListenerSnapshot([], Name, isComplete: false,
                [$"proc_listpids failed (errno {Marshal.GetLastPInvokeError()}), so no process could be inspected."]);
        }

        var found = new Dictionary<ulong, (LibprocSocket Socket, int ProcessId)>();
        var descriptors = new List<int>();
        int denied = 0;
        int malformed = 0;
        Span<byte> info = stackalloc byte[LibprocDecoder.SocketFdInfoSize];
        foreach (int pid in pids)
        {
            descriptors.Clear();
            written = ListDescriptors(pid, ref buffer);
            if (written < 0 || (written == 0 && Marshal.GetLastPInvokeError() != 0))
            {
                // EPERM: another user's process (without root). Anything else, typically ESRCH: it exited meanwhile.
                denied += Marshal.GetLastPInvokeError() == EPerm ? 1 : 0;
                continue;
            }

            if (!TryDecode(buffer.AsSpan(0, written), descriptors, LibprocDecoder.DecodeSocketDescriptors))
            {
                malformed++;
                continue;
            }

            foreach (int fd in descriptors)
            {
                int length = DescribeSocket(pid, fd, info);
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

    /// <summary>
    /// The one "ask size → allocate → retry while full" loop for libproc's list calls: asks for an estimate with a null
    /// buffer (the kernel adds slack), reads, and reads again into a doubled buffer while the result fills it to the brim.
    /// </summary>
    /// <returns>The bytes written into <paramref name="buffer"/> (0 for an empty list), or -1 if the estimate failed; on failure <c>errno</c> says why.</returns>
    private static unsafe int Fill(delegate*<int, byte*, int, int> call, int pid, ref byte[] buffer)
    {
        int needed = call(pid, null, 0);
        if (needed <= 0)
        {
            return -1;
        }

        needed = Math.Min(needed, MaxListBytes);

        for (int attempt = 0; ; attempt++)
        {
            if (buffer.Length < needed)
            {
                buffer = new byte[needed];
            }

            int written;
            fixed (byte* p = buffer)
            {
                written = call(pid, p, buffer.Length);
            }

            // Not full: the whole list fitted. Out of attempts or at the cap: keep what fitted.
            if (written < buffer.Length || attempt == MaxAttempts || buffer.Length >= MaxListBytes)
            {
                return Math.Min(written, buffer.Length);
            }

            needed = (int)Math.Min(buffer.Length * 2L, MaxListBytes);
        }
    }

    private static unsafe int ListAllPids(ref byte[] buffer) => Fill(&ListAllPids, 0, ref buffer);

    private static unsafe int ListAllPids(int unused, byte* buffer, int size) =>
        Interop.Libproc.ProcListPids(Interop.Libproc.ProcAllPids, 0, buffer, size);

    private static unsafe int ListDescriptors(int pid, ref byte[] buffer) => Fill(&ListDescriptors, pid, ref buffer);

    private static unsafe int ListDescriptors(int pid, byte* buffer, int size) =>
        Interop.Libproc.ProcPidInfo(pid, Interop.Libproc.ProcPidListFds, 0, buffer, size);

    private static bool TryDecode(ReadOnlySpan<byte> bytes, List<int> into, DecodeList decode)
    {
        try
        {
            decode(bytes, into);
            return true;
        }
        catch (FormatException)
        {
            into.Clear();
            return false;
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
