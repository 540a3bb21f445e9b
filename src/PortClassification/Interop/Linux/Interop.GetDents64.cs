using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// <c>ssize_t getdents64(int fd, void *dirp, size_t count)</c> from <c>&lt;dirent.h&gt;</c> (glibc 2.30+):
        /// fills <paramref name="buffer"/> with <c>struct linux_dirent64</c> records
        /// (<c>u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]</c>); 0 at the end of the directory.
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "getdents64", SetLastError = true)]
        internal static unsafe partial nint GetDents64(int fd, byte* buffer, nuint count);
    }
}
