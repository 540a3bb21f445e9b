using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>int open(const char *path, int flags, mode_t mode)</c> (POSIX, fcntl.h).</summary>
        /// <remarks>The flag values differ per OS and, on Linux, per architecture: see <see cref="OpenFlags"/>.</remarks>
        [LibraryImport(Libraries.Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int Open(string path, int flags, int mode);
    }
}
