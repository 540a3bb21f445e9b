using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;

namespace PortClassification;

/// <summary>
/// One search of <c>/proc/&lt;pid&gt;/fd</c> tables for a set of socket inodes, spread over the CPU cores.
/// </summary>
/// <remarks>
/// Workers take pids in ascending order from a shared cursor and always finish the table they started, and a slot
/// keeps the lowest pid that holds its socket. So when the last socket is found, every lower pid has been read to
/// the end, and the answer is the lowest holder whatever the scheduling — while the search still stops early.
/// Owners confirmed from an earlier call's hint are kept, so answers stay stable: a short-lived child forked with a
/// lower pid (after pid wrap-around), which holds copies of every descriptor until it calls exec, does not take over.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed unsafe class LinuxFdScan
{
    private const int DirentBufferSize = 32 * 1024;

    private readonly int _procFd;
    private readonly Dictionary<ulong, int> _wanted;
    private readonly long[] _owners; // per socket: (pid << 32) | fd, or 0
    private readonly bool[] _confirmed; // per socket: owner confirmed from a hint, kept even if a lower pid also holds it
    private int _remaining;
    private int _denied;
    private int _exhausted;
    private int[] _pids = [];
    private int _next;
    private HashSet<long>? _confirmedLinks; // (pid << 32) | fd of every owner confirmed from a hint

    internal LinuxFdScan(int procFd, Dictionary<ulong, int> wanted, long[] owners, int remaining)
    {
        _procFd = procFd;
        _wanted = wanted;
        _owners = owners;
        _confirmed = new bool[owners.Length];
        _remaining = remaining;
    }

    internal int Remaining => Volatile.Read(ref _remaining);

    internal int Denied => _denied;

    /// <summary>Gets how many descriptor tables could not be opened because this process (or the system) ran out of descriptors.</summary>
    internal int Exhausted => Volatile.Read(ref _exhausted);

    /// <summary>Counts a failed open whose errno says descriptors ran out; returns whether it did.</summary>
    internal bool NoteOpenFailure(int errno)
    {
        bool exhausted = errno is Interop.Errno.EMFILE or Interop.Errno.ENFILE;
        if (exhausted)
        {
            Interlocked.Increment(ref _exhausted);
        }

        return exhausted;
    }

    /// <summary>Reads the tables of <paramref name="pids"/> (ascending) until every socket has an owner.</summary>
    internal void Run(int[] pids)
    {
        if (pids.Length == 0 || Remaining == 0)
        {
            return;
        }

        _pids = pids;
        _next = -1;
        int workers = Math.Min(Environment.ProcessorCount, Math.Max(1, pids.Length / 8));
        LinuxFdScanWorkers.Run(workers, _ => Work());
    }

    /// <summary>
    /// Notes the links that confirmed owners, once every hint is checked: a search does not read them again, since
    /// each was just seen to name one wanted socket, whose owner is settled. On a host whose sockets are mostly
    /// known this leaves a search with the directory listings and the few other links, instead of every link twice.
    /// </summary>
    internal void SkipConfirmedLinks()
    {
        HashSet<long>? links = null;
        for (int i = 0; i < _owners.Length; i++)
        {
            if (_confirmed[i])
            {
                (links ??= new HashSet<long>(_owners.Length)).Add(_owners[i]);
            }
        }

        _confirmedLinks = links;
    }

    /// <summary>Records the owner remembered from an earlier call, which a search will not replace.</summary>
    internal void Confirm(int index, int pid, int fd)
    {
        _ = Offer(index, pid, fd);
        _confirmed[index] = true;
    }

    /// <summary>Records an owner; the lowest pid wins. Returns <see langword="true"/> if that was the last socket without one.</summary>
    internal bool Offer(int index, int pid, int fd)
    {
        long candidate = ((long)pid << 32) | (uint)fd;
        while (true)
        {
            long current = Volatile.Read(ref _owners[index]);
            if (current != 0 && (int)(current >> 32) <= pid)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _owners[index], candidate, current) == current)
            {
                return current == 0 && Interlocked.Decrement(ref _remaining) == 0;
            }
        }
    }

    private void Work()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DirentBufferSize);
        try
        {
            int i;
            while (Remaining > 0 && (i = Interlocked.Increment(ref _next)) < _pids.Length)
            {
                ScanProcess(_pids[i], buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ScanProcess(int pid, byte[] buffer)
    {
        int dirFd = OpenFdDirectory(_procFd, pid);
        if (dirFd < 0)
        {
            // EACCES: another user's process; ENOENT/ESRCH: it exited. Either way it owns nothing we can see.
            // EMFILE/ENFILE: we ran out of descriptors, and say so (a low 'ulimit -n').
            int errno = Marshal.GetLastPInvokeError();
            if (errno is Interop.Errno.EACCES or Interop.Errno.EPERM)
            {
                Interlocked.Increment(ref _denied);
            }
            else
            {
                _ = NoteOpenFailure(errno);
            }

            return;
        }

        try
        {
            Span<byte> link = stackalloc byte[64];
            fixed (byte* b = buffer)
            {
                nint read;
                while ((read = Interop.Libc.GetDents64(dirFd, b, (nuint)buffer.Length)) > 0)
                {
                    var entries = new ReadOnlySpan<byte>(b, (int)read);
                    while (NextEntry(ref entries, out ReadOnlySpan<byte> name))
                    {
                        if (!TryParseDecimal(name[..^1], out int fd))
                        {
                            continue; // "." and ".."
                        }

                        if (_confirmedLinks is { } confirmed && confirmed.Contains(((long)pid << 32) | (uint)fd))
                        {
                            continue; // holds a socket whose owner a hint just confirmed: nothing to learn here
                        }

                        ulong inode;
                        fixed (byte* n = name)
                        {
                            inode = ReadSocketLink(dirFd, n, link);
                        }

                        if (inode != 0 && _wanted.TryGetValue(inode, out int index) && !_confirmed[index] && Offer(index, pid, fd))
                        {
                            return; // the last socket: lower pids are all done (see remarks), the rest of this one is this pid
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

    /// <summary>Opens <c>&lt;pid&gt;/fd</c> under the procfs descriptor; negative on failure with errno set.</summary>
    internal static int OpenFdDirectory(int procFd, int pid)
    {
        Span<byte> path = stackalloc byte[32];
        if (!FormatPath(path, pid, "/fd"u8))
        {
            return -1;
        }

        fixed (byte* p = path)
        {
            return Interop.Libc.OpenAt(procFd, p, Interop.OpenFlags.ReadOnly | Interop.OpenFlags.CloseOnExec);
        }
    }

    /// <summary>Lists the numeric entries of a directory (the pids under <c>/proc</c>), ascending.</summary>
    internal static int[] ListProcesses(int procFd) => ListProcesses(procFd, out _);

    /// <summary>Lists the numeric entries of a directory, ascending; <paramref name="errno"/> is set when it cannot be opened.</summary>
    internal static int[] ListProcesses(int procFd, out int errno)
    {
        errno = 0;
        var pids = new List<int>(512);
        int dirFd;
        fixed (byte* dot = ".\0"u8)
        {
            dirFd = Interop.Libc.OpenAt(procFd, dot, Interop.OpenFlags.ReadOnly | Interop.OpenFlags.CloseOnExec);
        }

        if (dirFd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return [];
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(DirentBufferSize);
        try
        {
            fixed (byte* b = buffer)
            {
                nint read;
                while ((read = Interop.Libc.GetDents64(dirFd, b, (nuint)buffer.Length)) > 0)
                {
                    var entries = new ReadOnlySpan<byte>(b, (int)read);
                    while (NextEntry(ref entries, out ReadOnlySpan<byte> name))
                    {
                        if (TryParseDecimal(name[..^1], out int pid) && pid > 0)
                        {
                            pids.Add(pid);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _ = Interop.Libc.Close(dirFd);
        }

        int[] sorted = [.. pids];
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>
    /// Takes the next <c>struct linux_dirent64</c> (<c>u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]</c>)
    /// and returns its name including the terminating NUL; <see langword="false"/> at the end or on a malformed record.
    /// </summary>
    internal static bool NextEntry(ref ReadOnlySpan<byte> entries, out ReadOnlySpan<byte> name)
    {
        while (entries.Length >= 20)
        {
            int recordLength = BitConverter.IsLittleEndian ? entries[16] | (entries[17] << 8) : (entries[16] << 8) | entries[17];
            if (recordLength < 20 || recordLength > entries.Length)
            {
                break;
            }

            ReadOnlySpan<byte> field = entries[19..recordLength];
            entries = entries[recordLength..];
            int end = field.IndexOf((byte)0);
            if (end >= 0)
            {
                name = field[..(end + 1)];
                return true;
            }
        }

        name = default;
        return false;
    }

    /// <summary>Reads a descriptor link and returns the inode of <c>socket:[inode]</c>, or 0 for anything else.</summary>
    internal static ulong ReadSocketLink(int dirFd, byte* path, Span<byte> link)
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
            && ulong.TryParse(target[8..^1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode)
            ? inode
            : 0;
    }

    /// <summary>Writes <c>"&lt;number&gt;&lt;suffix&gt;\0"</c>.</summary>
    internal static bool FormatPath(Span<byte> destination, int number, ReadOnlySpan<byte> suffix)
    {
        if (!number.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture)
            || written + suffix.Length + 1 > destination.Length)
        {
            return false;
        }

        suffix.CopyTo(destination[written..]);
        destination[written + suffix.Length] = 0;
        return true;
    }

    /// <summary>Parses a /proc directory-entry name (a pid or an fd number): 1 to 9 ASCII digits.</summary>
    internal static bool TryParseDecimal(ReadOnlySpan<byte> digits, out int value)
    {
        // Nine digits always fit an int; the kernel's pids and fds are far smaller.
        bool ok = AsciiDecimal.TryParse(digits, 9, out ulong parsed);
        value = ok ? (int)parsed : 0;
        return ok;
    }
}
