using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>int open(const char *path, int flags, ...)</c> (POSIX, fcntl.h), without <c>O_CREAT</c>.</summary>
        /// <remarks>
        /// Declared without the variadic mode, which is read only with <c>O_CREAT</c>: Apple's arm64 ABI passes
        /// variadic arguments differently from fixed ones, so a fixed <c>mode</c> parameter would be garbage there.
        /// The flag values differ per OS and, on Linux, per architecture: see <see cref="OpenFlags"/>.
        /// </remarks>
        [LibraryImport(Libraries.Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int Open(string path, int flags);
    }
}
