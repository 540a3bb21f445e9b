namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libproc
    {
        /// <summary><c>PROC_PIDFDSOCKETINFO</c> from <c>bsd/sys/proc_info.h</c>: one <c>struct socket_fdinfo</c>.</summary>
        internal const int ProcPidFdSocketInfo = 3;

        /// <summary>
        /// <c>int proc_pidfdinfo(int pid, int fd, int flavor, void *buffer, int buffersize)</c> from <c>libproc.h</c>.
        /// </summary>
        /// <returns>The bytes written; 0 with <c>errno</c> set on failure (<c>EBADF</c> when the descriptor was closed meanwhile).</returns>
        [System.Runtime.InteropServices.LibraryImport(Libraries.Libproc, EntryPoint = "proc_pidfdinfo", SetLastError = true)]
        internal static unsafe partial int ProcPidFdInfo(int pid, int fd, int flavor, void* buffer, int buffersize);
    }
}
