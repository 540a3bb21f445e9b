namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libproc
    {
        /// <summary>
        /// <c>int proc_name(int pid, void *buffer, uint32_t buffersize)</c> from <c>libproc.h</c>: the process's
        /// name (<c>pbi_name</c>, or <c>pbi_comm</c> when none is registered), not NUL-terminated past the returned length.
        /// </summary>
        /// <returns>The length of the name in bytes; 0 or less on failure.</returns>
        [System.Runtime.InteropServices.LibraryImport(Libraries.Libproc, EntryPoint = "proc_name", SetLastError = true)]
        internal static unsafe partial int ProcName(int pid, void* buffer, uint buffersize);
    }
}
