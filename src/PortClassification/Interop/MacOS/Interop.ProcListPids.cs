namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libproc
    {
        /// <summary><c>PROC_ALL_PIDS</c> from <c>bsd/sys/proc_info.h</c>.</summary>
        internal const uint ProcAllPids = 1;

        /// <summary>
        /// <c>int proc_listpids(uint32_t type, uint32_t typeinfo, void *buffer, int buffersize)</c> from <c>libproc.h</c>.
        /// </summary>
        /// <returns>
        /// With a <see langword="null"/> buffer, an estimate of the bytes needed; otherwise the bytes written
        /// (an array of <c>pid_t</c>, 4 bytes each); 0 or less on failure.
        /// </returns>
        [System.Runtime.InteropServices.LibraryImport(Libraries.Libproc, EntryPoint = "proc_listpids", SetLastError = true)]
        internal static unsafe partial int ProcListPids(uint type, uint typeinfo, void* buffer, int buffersize);
    }
}
