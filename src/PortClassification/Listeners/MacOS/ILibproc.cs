using System;

namespace PortClassification;

/// <summary>
/// The four libproc calls the macOS listener walk makes, so that <see cref="LibprocWalk"/> (which decides what the
/// results mean) is tested on any OS with a fake. The real implementation is <c>MacOSListenerSource</c>'s.
/// </summary>
internal interface ILibproc
{
    /// <summary>Gets every pid: <c>proc_listpids(PROC_ALL_PIDS)</c>.</summary>
    /// <param name="buffer">A reusable buffer, replaced by a larger one when needed; the list is its first <see cref="LibprocList.Length"/> bytes.</param>
    LibprocList ListAllPids(ref byte[] buffer);

    /// <summary>Gets a process's descriptors: <c>proc_pidinfo(PROC_PIDLISTFDS)</c>.</summary>
    /// <param name="pid">The process.</param>
    /// <param name="buffer">As for <see cref="ListAllPids"/>.</param>
    LibprocList ListDescriptors(int pid, ref byte[] buffer);

    /// <summary>Describes one descriptor: <c>proc_pidfdinfo(PROC_PIDFDSOCKETINFO)</c>.</summary>
    /// <returns>The bytes written into <paramref name="info"/> (at most its length), or 0 or less if the descriptor was not described.</returns>
    int DescribeSocket(int pid, int fd, Span<byte> info);

    /// <summary>Gets a process's name (<c>proc_name</c>), or <see langword="null"/> if it has exited or has none.</summary>
    string? ProcessName(int pid);
}

/// <summary>The outcome of one libproc list call.</summary>
/// <param name="Length">The bytes of the list, or -1 if the call failed.</param>
/// <param name="Truncated">The list still filled the buffer at the size or attempt limit, so entries may be missing.</param>
/// <param name="Errno">The <c>errno</c> of a failed call; 0 otherwise.</param>
internal readonly record struct LibprocList(int Length, bool Truncated, int Errno)
{
    /// <summary>Gets a value indicating whether the call failed (see <see cref="Errno"/>).</summary>
    internal bool Failed => Length < 0;

    internal static LibprocList Failure(int errno) => new(-1, false, errno);
}
