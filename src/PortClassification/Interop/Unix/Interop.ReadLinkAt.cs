using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// <c>ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size)</c> from <c>&lt;unistd.h&gt;</c>.
        /// Writes no terminating NUL; returns the number of bytes written (truncated to <paramref name="size"/>).
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "readlinkat", SetLastError = true)]
        internal static unsafe partial nint ReadLinkAt(int dirFd, byte* path, byte* buffer, nuint size);
    }
}
