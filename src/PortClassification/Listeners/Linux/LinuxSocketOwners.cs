using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;

namespace PortClassification;

/// <summary>
/// Finds the processes that own sockets by their inodes, by reading <c>/proc/&lt;pid&gt;/fd</c> links.
/// </summary>
/// <remarks>
/// <para>
/// The kernel has no socket → process index; every tool (<c>ss -p</c>, <c>netstat -p</c>, psutil) walks every
/// process's descriptor table, and that walk costs about 4 µs per open descriptor on the host. This class
/// keeps the walk as small as it can:
/// </para>
/// <list type="number">
/// <item>Owners found by an earlier call are confirmed with one <c>readlinkat</c> of that exact
/// <c>/proc/&lt;pid&gt;/fd/&lt;n&gt;</c>: the link names the socket inode, so a confirmed hint is correct by construction.</item>
/// <item>The remaining sockets are looked for in ascending pid order, first among processes whose uid owns one of
/// them (the socket uid from the kernel), then among the rest (a process may have changed uid after creating the
/// socket), stopping as soon as every wanted inode is found.</item>
/// <item>Sockets that a full search could not attribute (pid 1's, other users') are, for two seconds, looked for only in
/// processes started since that search, so one unreadable owner does not cost a full walk on every call.</item>
/// <item>Directories are read with <c>getdents64</c> into one reused buffer and links with <c>readlinkat</c> on the
/// directory descriptor (no strings, no per-entry allocation), by one worker per CPU core (<see cref="LinuxFdScan"/>).</item>
/// </list>
/// <para>
/// A process that exits during the walk, or whose table we may not read (another user's process without root or
/// <c>CAP_SYS_PTRACE</c>), simply owns nothing as far as we can tell: its sockets come back with an unknown owner.
/// When several processes hold one socket the lowest pid wins when the owner is first found; later calls keep that
/// owner for as long as it holds the socket. The uid-first order means that a lower-pid holder running under another
/// uid than the socket's can lose to a higher-pid holder under the socket's uid.
/// Instances are thread-safe.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed unsafe class LinuxSocketOwners
{
    private const int MaxRememberedOwners = 1 << 18;

    private readonly byte[] _procRoot;
    /// <summary>How long sockets that a full search could not attribute are searched for only in new processes.</summary>
    private static readonly long MissLifetime = Stopwatch.Frequency * 2;

    private Dictionary<ulong, long>? _hints; // inode → (pid << 32) | fd; replaced, never mutated, once published
    private Misses? _misses;

    /// <summary>Initializes a new instance of the <see cref="LinuxSocketOwners"/> class.</summary>
    /// <param name="procRoot">The procfs mount of the caller's pid namespace, normally <c>/proc</c>.</param>
    internal LinuxSocketOwners(string procRoot = "/proc") => _procRoot = NullTerminated(procRoot);

    /// <summary>Looks up the owners of <paramref name="sockets"/>.</summary>
    /// <param name="sockets">The sockets; an inode of 0 is never resolved.</param>
    /// <param name="processIds">Receives each socket's owner pid, or 0 when unknown; as long as <paramref name="sockets"/>.</param>
    /// <param name="processNames">Receives each socket's owner name, or <see langword="null"/>; as long as <paramref name="sockets"/>.</param>
    /// <returns>The number of processes whose descriptor table we were not allowed to read.</returns>
    internal int Resolve(ReadOnlySpan<LinuxSocketRecord> sockets, Span<int> processIds, Span<string?> processNames) =>
        Resolve(sockets, processIds, processNames, out _);

    /// <summary>Looks up the owners of <paramref name="sockets"/>, and says whether descriptors ran out while searching.</summary>
    /// <param name="sockets">The sockets; an inode of 0 is never resolved.</param>
    /// <param name="processIds">Receives each socket's owner pid, or 0 when unknown; as long as <paramref name="sockets"/>.</param>
    /// <param name="processNames">Receives each socket's owner name, or <see langword="null"/>; as long as <paramref name="sockets"/>.</param>
    /// <param name="exhausted">Receives how many opens failed with <c>EMFILE</c>/<c>ENFILE</c> (a low <c>ulimit -n</c>); their owners are unknown.</param>
    /// <returns>The number of processes whose descriptor table we were not allowed to read.</returns>
    internal int Resolve(ReadOnlySpan<LinuxSocketRecord> sockets, Span<int> processIds, Span<string?> processNames, out int exhausted)
    {
        exhausted = 0;
        var wanted = new Dictionary<ulong, int>(sockets.Length);
        for (int i = 0; i < sockets.Length; i++)
        {
            processIds[i] = 0;
            processNames[i] = null;
            if (sockets[i].Inode != 0)
            {
                wanted.TryAdd(sockets[i].Inode, i);
            }
        }

        if (wanted.Count == 0)
        {
            return 0;
        }

        int procFd;
        fixed (byte* root = _procRoot)
        {
            procFd = Interop.Libc.OpenAt(Interop.Libc.AtFdCwd, root, Interop.OpenFlags.ReadOnly | Interop.OpenFlags.CloseOnExec);
        }

        if (procFd < 0)
        {
            exhausted = Marshal.GetLastPInvokeError() is Interop.Errno.EMFILE or Interop.Errno.ENFILE ? 1 : 0;
            return 0; // no procfs here (or hidden, or no descriptor left): every owner stays unknown
        }

        try
        {
            long[] owners = new long[sockets.Length];
            var scan = new LinuxFdScan(procFd, wanted, owners, wanted.Count);
            ConfirmHints(procFd, wanted, scan);
            if (scan.Remaining > 0)
            {
                scan.SkipConfirmedLinks();
                Scan(procFd, sockets, wanted, owners, scan);
            }

            Remember(wanted, owners);
            for (int i = 0; i < owners.Length; i++)
            {
                processIds[i] = (int)(owners[i] >> 32);
            }

            ReadNames(procFd, processIds, processNames);
            exhausted = scan.Exhausted;
            return scan.Denied;
        }
        finally
        {
            _ = Interop.Libc.Close(procFd);
        }
    }

    /// <summary>Re-reads the one link where each remembered owner held its socket, a table at a time, on all cores.</summary>
    private void ConfirmHints(int procFd, Dictionary<ulong, int> wanted, LinuxFdScan scan)
    {
        Dictionary<ulong, long>? hints = Volatile.Read(ref _hints);
        if (hints is null)
        {
            return;
        }

        var candidates = new List<(long Owner, int Index, ulong Inode)>();
        foreach ((ulong inode, int index) in wanted)
        {
            if (hints.TryGetValue(inode, out long owner))
            {
                candidates.Add((owner, index, inode));
            }
        }

        if (candidates.Count == 0)
        {
            return;
        }

        candidates.Sort(static (a, b) => a.Owner.CompareTo(b.Owner)); // group by pid, then fd
        (long Owner, int Index, ulong Inode)[] work = [.. candidates];
        int workers = Math.Min(Environment.ProcessorCount, Math.Max(1, work.Length / 512));
        if (workers <= 1)
        {
            ConfirmRange(procFd, work, 0, work.Length, scan);
            return;
        }

        int chunk = (work.Length + workers - 1) / workers;
        LinuxFdScanWorkers.Run(workers, w => ConfirmRange(procFd, work, w * chunk, Math.Min(work.Length, (w + 1) * chunk), scan));
    }

    private static void ConfirmRange(int procFd, (long Owner, int Index, ulong Inode)[] work, int start, int end, LinuxFdScan scan)
    {
        Span<byte> name = stackalloc byte[16];
        Span<byte> link = stackalloc byte[64];
        int openPid = 0, dirFd = -1;
        try
        {
            for (int i = start; i < end; i++)
            {
                int pid = (int)(work[i].Owner >> 32), fd = unchecked((int)work[i].Owner);
                if (pid != openPid)
                {
                    if (dirFd >= 0)
                    {
                        _ = Interop.Libc.Close(dirFd);
                    }

                    openPid = pid;
                    dirFd = LinuxFdScan.OpenFdDirectory(procFd, pid);
                    if (dirFd < 0)
                    {
                        _ = scan.NoteOpenFailure(Marshal.GetLastPInvokeError());
                    }
                }

                if (dirFd >= 0 && LinuxFdScan.FormatPath(name, fd, default))
                {
                    fixed (byte* n = name)
                    {
                        if (LinuxFdScan.ReadSocketLink(dirFd, n, link) == work[i].Inode)
                        {
                            scan.Confirm(work[i].Index, pid, fd);
                        }
                    }
                }
            }
        }
        finally
        {
            if (dirFd >= 0)
            {
                _ = Interop.Libc.Close(dirFd);
            }
        }
    }

    /// <summary>
    /// Searches the processes, those running as a uid that owns a wanted socket first. When every socket still
    /// missing was already missing after a full search less than <see cref="MissLifetime"/> ago, only processes started
    /// since then are searched: the others were read to the end and did not hold it (typically a socket of pid 1 or of
    /// another user, which no amount of searching will attribute).
    /// </summary>
    private void Scan(int procFd, ReadOnlySpan<LinuxSocketRecord> sockets, Dictionary<ulong, int> wanted, long[] owners, LinuxFdScan scan)
    {
        var uids = new HashSet<uint>();
        var missing = new HashSet<ulong>();
        foreach ((ulong inode, int index) in wanted)
        {
            if (owners[index] == 0)
            {
                uids.Add(sockets[index].UserId);
                missing.Add(inode);
            }
        }

        int[] all = LinuxFdScan.ListProcesses(procFd, out int listErrno);
        _ = scan.NoteOpenFailure(listErrno);
        long now = Stopwatch.GetTimestamp();
        Misses? misses = Volatile.Read(ref _misses);
        bool incremental = misses is not null && now - misses.Since < MissLifetime && missing.IsSubsetOf(misses.Inodes);
        int[] candidates = incremental ? Except(all, misses!.Pids) : all;

        var first = new List<int>(candidates.Length);
        var later = new List<int>(candidates.Length);
        Span<byte> path = stackalloc byte[16];
        foreach (int pid in candidates)
        {
            bool match = LinuxFdScan.FormatPath(path, pid, default) && uids.Contains(ProcessUid(procFd, path));
            (match ? first : later).Add(pid);
        }

        scan.Run([.. first]);
        scan.Run([.. later]);

        missing.RemoveWhere(inode => owners[wanted[inode]] != 0);
        Volatile.Write(ref _misses, new Misses(missing, all, incremental ? misses!.Since : now));
    }

    /// <summary>Returns the elements of sorted <paramref name="all"/> that are not in sorted <paramref name="seen"/>.</summary>
    private static int[] Except(int[] all, int[] seen)
    {
        var result = new List<int>();
        int j = 0;
        foreach (int pid in all)
        {
            while (j < seen.Length && seen[j] < pid)
            {
                j++;
            }

            if (j == seen.Length || seen[j] != pid)
            {
                result.Add(pid);
            }
        }

        return [.. result];
    }

    /// <summary>Gets the uid of <c>/proc/&lt;pid&gt;</c>: the process's effective uid, or 0 for a non-dumpable process.</summary>
    private static uint ProcessUid(int procFd, ReadOnlySpan<byte> path)
    {
        byte* statx = stackalloc byte[Interop.Libc.StatxSize];
        fixed (byte* p = path)
        {
            if (Interop.Libc.Statx(procFd, p, 0, Interop.Libc.StatxUid, statx) != 0)
            {
                return uint.MaxValue; // gone or hidden: never matches a socket uid (-1 is not a uid)
            }
        }

        return *(uint*)(statx + Interop.Libc.StatxUidOffset);
    }

    private void Remember(Dictionary<ulong, int> wanted, long[] owners)
    {
        Dictionary<ulong, long>? old = Volatile.Read(ref _hints);
        if (old is not null && AlreadyKnown(old, wanted, owners))
        {
            return; // nothing new (a port query whose owners were all confirmed): keep the table, do not copy it
        }

        var hints = new Dictionary<ulong, long>(wanted.Count);
        foreach ((ulong inode, int index) in wanted)
        {
            if (owners[index] != 0)
            {
                hints[inode] = owners[index];
            }
        }

        // Keep what earlier, wider calls learned (a one-port query must not forget the rest), within a bound.
        if (old is not null && old.Count + hints.Count <= MaxRememberedOwners)
        {
            foreach ((ulong inode, long owner) in old)
            {
                if (!wanted.ContainsKey(inode))
                {
                    hints.TryAdd(inode, owner);
                }
            }
        }

        Volatile.Write(ref _hints, hints);
    }

    /// <summary>Determines whether <paramref name="hints"/> already says what this call found: the same link for every owner found, no hint for a socket without one.</summary>
    private static bool AlreadyKnown(Dictionary<ulong, long> hints, Dictionary<ulong, int> wanted, long[] owners)
    {
        foreach ((ulong inode, int index) in wanted)
        {
            bool hinted = hints.TryGetValue(inode, out long known);
            if (owners[index] != 0 ? !hinted || known != owners[index] : hinted)
            {
                return false; // a new or moved owner, or a stale hint to drop
            }
        }

        return true;
    }

    private static void ReadNames(int procFd, ReadOnlySpan<int> pids, Span<string?> names)
    {
        var byPid = new Dictionary<int, string?>();
        Span<byte> path = stackalloc byte[32];
        for (int i = 0; i < pids.Length; i++)
        {
            int pid = pids[i];
            if (pid == 0)
            {
                continue;
            }

            if (!byPid.TryGetValue(pid, out string? name))
            {
                name = LinuxFdScan.FormatPath(path, pid, "/comm"u8) ? ReadComm(procFd, path) : null;
                byPid[pid] = name;
            }

            names[i] = name;
        }
    }

    /// <summary>Reads <c>/proc/&lt;pid&gt;/comm</c>, the kernel's short process name (at most 15 bytes and a newline).</summary>
    private static string? ReadComm(int procFd, ReadOnlySpan<byte> path)
    {
        Span<byte> buffer = stackalloc byte[64];
        ProcFileStatus status;
        int read;
        fixed (byte* p = path)
        {
            status = ProcFile.Read(procFd, p, buffer, out read, out _, out _);
        }

        if (status != ProcFileStatus.Read || read == 0)
        {
            return null;
        }

        ReadOnlySpan<byte> comm = buffer[..read];
        if (comm[^1] == (byte)'\n')
        {
            comm = comm[..^1];
        }

        return comm.IsEmpty ? null : Encoding.UTF8.GetString(comm);
    }

    /// <summary>Sockets a full search of <paramref name="Pids"/> (sorted) did not find, and when that search started.</summary>
    private sealed record Misses(HashSet<ulong> Inodes, int[] Pids, long Since);

    private static byte[] NullTerminated(string path)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }
}
