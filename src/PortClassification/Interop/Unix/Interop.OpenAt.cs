using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>AT_FDCWD</c> from <c>&lt;fcntl.h&gt;</c> (Linux): resolve relative paths from the working directory.</summary>
        internal const int AtFdCwd = -100;

        /// <summary><c>O_RDONLY</c>.</summary>
        internal const int OpenReadOnly = 0;

        /// <summary><c>O_CLOEXEC</c> (Linux, every architecture): never leak the descriptor into child processes.</summary>
        internal const int OpenCloseOnExec = 0x80000;

        /// <summary>
        /// <c>int openat(int dirfd, const char *path, int flags, ...)</c> from <c>&lt;fcntl.h&gt;</c>.
        /// Declared without the variadic mode: it is only read when <c>O_CREAT</c> is passed, which the package never does.
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "openat", SetLastError = true)]
        internal static unsafe partial int OpenAt(int dirFd, byte* path, int flags);
    }
}
