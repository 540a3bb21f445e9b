using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>LOCK_SH</c> (sys/file.h; the same value on Linux, macOS and FreeBSD).</summary>
        internal const int LockShared = 1;

        /// <summary><c>LOCK_EX</c> (sys/file.h; the same value on Linux, macOS and FreeBSD).</summary>
        internal const int LockExclusive = 2;

        /// <summary><c>LOCK_NB</c> (sys/file.h; the same value on Linux, macOS and FreeBSD).</summary>
        internal const int LockNonBlocking = 4;

        /// <summary><c>int flock(int fd, int operation)</c> (BSD, sys/file.h).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "flock", SetLastError = true)]
        internal static partial int Flock(int fd, int operation);
    }
}
