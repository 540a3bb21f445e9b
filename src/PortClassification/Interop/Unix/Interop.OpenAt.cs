using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// <c>int openat(int dirfd, const char *path, int flags, ...)</c> from <c>&lt;fcntl.h&gt;</c>.
        /// Declared without the variadic mode: it is only read when <c>O_CREAT</c> is passed, which the package never does.
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "openat", SetLastError = true)]
        internal static unsafe partial int OpenAt(int dirFd, byte* path, int flags);
    }
}
