using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;

namespace PortClassification.Internal;

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
/// <item>Directories are read with <c>getdents64</c> into one reused buffer and links with <c>readlinkat</c> on the
/// directory descriptor: no strings, no per-entry allocation.</item>
/// </list>
/// <para>
/// A process that exits during the walk, or whose table we may not read (another user's process without root or
/// <c>CAP_SYS_PTRACE</c>), simply owns nothing as far as we can tell: its sockets come back with an unknown owner.
/// When several processes hold one socket the lowest pid visited wins; the uid-first order means that a
/// lower-pid holder running under another uid than the socket's can lose to a higher-pid holder under the socket's uid.
/// Instances are thread-safe.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed unsafe class LinuxSocketOwners
{
    private const int DirentBufferSize = 32 * 1024;
    private const int MaxRememberedOwners = 1 << 18;

    private readonly byte[] _procRoot;
    private Dictionary<ulong, (int Pid, int Fd)>? _hints;

    /// <summary>Initializes a new instance of the <see cref="LinuxSocketOwners"/> class.</summary>
    /// <param name="procRoot">The procfs mount of the caller's pid namespace, normally <c>/proc</c>.</param>
    internal LinuxSocketOwners(string procRoot = "/proc") => _procRoot = NullTerminated(procRoot);

    /// <summary>Looks up the owners of <paramref name="sockets"/>.</summary>
    /// <param name="sockets">The sockets; an inode of 0 is never resolved.</param>
    /// <param name="processIds">Receives each socket's owner pid, or 0 when unknown; as long as <paramref name="sockets"/>.</param>
    /// <param name="processNames">Receives each socket's owner name, or <see langword="null"/>; as long as <paramref name="sockets"/>.</param>
    /// <returns>The number of processes whose descriptor table we were not allowed to read.</returns>
    internal int Resolve(ReadOnlySpan<LinuxSocketRecord> sockets, Span<int> processIds, Span<string?> processNames)
    {
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
            procFd = Interop.Libc.OpenAt(Interop.Libc.AtFdCwd, root, Interop.Libc.OpenReadOnly | Interop.Libc.OpenCloseOnExec);
        }

        if (procFd < 0)
        {
            return 0; // no procfs here (or hidden): every owner stays unknown
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(DirentBufferSize);
        try
        {
            var fds = new int[sockets.Length];
            int remaining = wanted.Count - ConfirmHints(procFd, wanted, processIds, fds);
            int denied = 0;
            if (remaining > 0)
            {
                denied = Scan(procFd, buffer, sockets, wanted, processIds, fds, remaining);
            }

            Remember(wanted, processIds, fds);
            ReadNames(procFd, buffer, processIds, processNames);
            return denied;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _ = Interop.Libc.Close(procFd);
        }
    }

    private int ConfirmHints(int procFd, Dictionary<ulong, int> wanted, Span<int> pids, int[] fds)
    {
        Dictionary<ulong, (int Pid, int Fd)>? hints = Volatile.Read(ref _hints);
        if (hints is null)
        {
            return 0;
        }

        int confirmed = 0;
        Span<byte> path = stackalloc byte[40];
        Span<byte> link = stackalloc byte[64];
        foreach ((ulong inode, int index) in wanted)
        {
            if (hints.TryGetValue(inode, out var hint) && FormatFdPath(path, hint.Pid, hint.Fd)
                && ReadSocketLink(procFd, path, link) == inode)
            {
                pids[index] = hint.Pid;
                fds[index] = hint.Fd;
                confirmed++;
            }
        }

        return confirmed;
    }

    private int Scan(int procFd, byte[] buffer, ReadOnlySpan<LinuxSocketRecord> sockets, Dictionary<ulong, int> wanted, Span<int> pids, int[] fds, int remaining)
    {
        List<int> all = ListProcesses(procFd, buffer);
        all.Sort();

        var uids = new HashSet<uint>();
        foreach ((_, int index) in wanted)
        {
            if (pids[index] == 0)
            {
                uids.Add(sockets[index].UserId);
            }
        }

        var later = new List<int>();
        int denied = 0;
        Span<byte> path = stackalloc byte[32];
        foreach (int pid in all)
        {
            if (!FormatPath(path, pid, ""u8) || !uids.Contains(ProcessUid(procFd, path)))
            {
                later.Add(pid);
                continue;
            }

            remaining = ScanProcess(procFd, pid, buffer, wanted, pids, fds, remaining, ref denied);
            if (remaining == 0)
            {
                return denied;
            }
        }

        foreach (int pid in later)
        {
            remaining = ScanProcess(procFd, pid, buffer, wanted, pids, fds, remaining, ref denied);
            if (remaining == 0)
            {
                break;
            }
        }

        return denied;
    }

    private static int ScanProcess(int procFd, int pid, byte[] buffer, Dictionary<ulong, int> wanted, Span<int> pids, int[] fds, int remaining, ref int denied)
    {
        Span<byte> path = stackalloc byte[32];
        if (!FormatPath(path, pid, "/fd"u8))
        {
            return remaining;
        }

        int dirFd;
        fixed (byte* p = path)
        {
            dirFd = Interop.Libc.OpenAt(procFd, p, Interop.Libc.OpenReadOnly | Interop.Libc.OpenCloseOnExec);
        }

        if (dirFd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is Interop.Errno.EACCES or Interop.Errno.EPERM)
            {
                denied++;
            }

            return remaining; // EACCES: not ours to read; ENOENT/ESRCH: the process has exited
        }

        try
        {
            Span<byte> link = stackalloc byte[64];
            fixed (byte* b = buffer)
            {
                while (true)
                {
                    nint read = Interop.Libc.GetDents64(dirFd, b, (nuint)buffer.Length);
                    if (read <= 0)
                    {
                        return remaining; // end, or the process exited under us
                    }

                    var entries = new ReadOnlySpan<byte>(b, (int)read);
                    while (entries.Length >= 19)
                    {
                        int recordLength = BitConverter.IsLittleEndian ? entries[16] | (entries[17] << 8) : (entries[16] << 8) | entries[17];
                        if (recordLength < 20 || recordLength > entries.Length)
                        {
                            return remaining; // a kernel that breaks its own format: stop trusting this directory
                        }

                        ReadOnlySpan<byte> name = entries[19..recordLength];
                        entries = entries[recordLength..];
                        int end = name.IndexOf((byte)0);
                        if (end <= 0 || !TryParseDecimal(name[..end], out int fd))
                        {
                            continue; // "." and ".."
                        }

                        ulong inode;
                        fixed (byte* n = name)
                        {
                            inode = ReadSocketLink(dirFd, n, link);
                        }

                        if (inode != 0 && wanted.TryGetValue(inode, out int index) && pids[index] == 0)
                        {
                            pids[index] = pid;
                            fds[index] = fd;
                            if (--remaining == 0)
                            {
                                return 0;
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            _ = Interop.Libc.Close(dirFd);
        }
    }

    private static List<int> ListProcesses(int procFd, byte[] buffer)
    {
        var pids = new List<int>(512);
        int dirFd;
        fixed (byte* dot = ".\0"u8)
        {
            dirFd = Interop.Libc.OpenAt(procFd, dot, Interop.Libc.OpenReadOnly | Interop.Libc.OpenCloseOnExec);
        }

        if (dirFd < 0)
        {
            return pids;
        }

        try
        {
            fixed (byte* b = buffer)
            {
                nint read;
                while ((read = Interop.Libc.GetDents64(dirFd, b, (nuint)buffer.Length)) > 0)
                {
                    var entries = new ReadOnlySpan<byte>(b, (int)read);
                    while (entries.Length >= 19)
                    {
                        int recordLength = BitConverter.IsLittleEndian ? entries[16] | (entries[17] << 8) : (entries[16] << 8) | entries[17];
                        if (recordLength < 20 || recordLength > entries.Length)
                        {
                            return pids;
                        }

                        ReadOnlySpan<byte> name = entries[19..recordLength];
                        entries = entries[recordLength..];
                        int end = name.IndexOf((byte)0);
                        if (end > 0 && TryParseDecimal(name[..end], out int pid) && pid > 0)
                        {
                            pids.Add(pid);
                        }
                    }
                }
            }
        }
        finally
        {
            _ = Interop.Libc.Close(dirFd);
        }

        return pids;
    }

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

    private static ulong ReadSocketLink(int dirFd, ReadOnlySpan<byte> path, Span<byte> link)
    {
        fixed (byte* p = path)
        {
            return ReadSocketLink(dirFd, p, link);
        }
    }

    /// <summary>Reads a descriptor link and returns the inode of <c>socket:[inode]</c>, or 0 for anything else.</summary>
    private static ulong ReadSocketLink(int dirFd, byte* path, Span<byte> link)
    {
        nint length;
        fixed (byte* l = link)
        {
            length = Interop.Libc.ReadLinkAt(dirFd, path, l, (nuint)link.Length);
        }

        if (length <= 0)
        {
            return 0;
        }

        ReadOnlySpan<byte> target = link[..(int)length];
        return target.StartsWith("socket:["u8) && target[^1] == (byte)']'
            && ulong.TryParse(target[8..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong inode)
            ? inode
            : 0;
    }

    private void Remember(Dictionary<ulong, int> wanted, ReadOnlySpan<int> pids, int[] fds)
    {
        Dictionary<ulong, (int Pid, int Fd)>? old = Volatile.Read(ref _hints);
        var hints = new Dictionary<ulong, (int Pid, int Fd)>(wanted.Count);
        foreach ((ulong inode, int index) in wanted)
        {
            if (pids[index] != 0)
            {
                hints[inode] = (pids[index], fds[index]);
            }
        }

        // Keep what earlier, wider calls learned (a one-port query must not forget the rest), within a bound.
        if (old is not null && old.Count + hints.Count <= MaxRememberedOwners)
        {
            foreach (var (inode, hint) in old)
            {
                if (!wanted.ContainsKey(inode))
                {
                    hints.TryAdd(inode, hint);
                }
            }
        }

        Volatile.Write(ref _hints, hints);
    }

    private static void ReadNames(int procFd, byte[] buffer, ReadOnlySpan<int> pids, Span<string?> names)
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
                name = FormatPath(path, pid, "/comm"u8) ? ReadComm(procFd, path, buffer) : null;
                byPid[pid] = name;
            }

            names[i] = name;
        }
    }

    private static string? ReadComm(int procFd, ReadOnlySpan<byte> path, byte[] buffer)
    {
        int fd;
        fixed (byte* p = path)
        {
            fd = Interop.Libc.OpenAt(procFd, p, Interop.Libc.OpenReadOnly | Interop.Libc.OpenCloseOnExec);
        }

        if (fd < 0)
        {
            return null;
        }

        try
        {
            nint read;
            fixed (byte* b = buffer)
            {
                read = Interop.Libc.Read(fd, b, 64);
            }

            if (read <= 0)
            {
                return null;
            }

            ReadOnlySpan<byte> comm = buffer.AsSpan(0, (int)read);
            if (comm[^1] == (byte)'\n')
            {
                comm = comm[..^1];
            }

            return comm.IsEmpty ? null : Encoding.UTF8.GetString(comm);
        }
        finally
        {
            _ = Interop.Libc.Close(fd);
        }
    }

    private static bool TryParseDecimal(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        foreach (byte c in digits)
        {
            if (unchecked((uint)(c - '0')) > 9)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>Writes <c>"&lt;pid&gt;&lt;suffix&gt;\0"</c>.</summary>
    private static bool FormatPath(Span<byte> destination, int pid, ReadOnlySpan<byte> suffix)
    {
        if (!pid.TryFormat(destination, out int written, default, System.Globalization.CultureInfo.InvariantCulture)
            || written + suffix.Length + 1 > destination.Length)
        {
            return false;
        }

        suffix.CopyTo(destination[written..]);
        destination[written + suffix.Length] = 0;
        return true;
    }

    /// <summary>Writes <c>"&lt;pid&gt;/fd/&lt;fd&gt;\0"</c>.</summary>
    private static bool FormatFdPath(Span<byte> destination, int pid, int fd)
    {
        if (!FormatPath(destination, pid, "/fd/"u8))
        {
            return false;
        }

        int at = destination.IndexOf((byte)0);
        if (!fd.TryFormat(destination[at..], out int written, default, System.Globalization.CultureInfo.InvariantCulture) || at + written >= destination.Length)
        {
            return false;
        }

        destination[at + written] = 0;
        return true;
    }

    private static byte[] NullTerminated(string path)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }
}
