namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libproc
    {
        /// <summary><c>PROC_PIDLISTFDS</c> from <c>bsd/sys/proc_info.h</c>: an array of <c>struct proc_fdinfo</c>.</summary>
        internal const int ProcPidListFds = 1;

        /// <summary>
        /// <c>int proc_pidinfo(int pid, int flavor, uint64_t arg, void *buffer, int buffersize)</c> from <c>libproc.h</c>.
        /// </summary>
        /// <returns>
        /// With a <see langword="null"/> buffer and <see cref="ProcPidListFds"/>, an estimate of the bytes needed;
        /// otherwise the bytes written; 0 with <c>errno</c> set on failure (<c>EPERM</c> for another user's process
        /// without root, <c>ESRCH</c> when the process has exited).
        /// </returns>
        [System.Runtime.InteropServices.LibraryImport(Libraries.Libproc, EntryPoint = "proc_pidinfo", SetLastError = true)]
        internal static unsafe partial int ProcPidInfo(int pid, int flavor, ulong arg, void* buffer, int buffersize);
    }
}
