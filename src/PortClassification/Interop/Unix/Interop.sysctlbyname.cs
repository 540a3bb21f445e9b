using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// <c>int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, const void *newp, size_t newlen);</c>
        /// from <c>&lt;sys/sysctl.h&gt;</c> (macOS libSystem, FreeBSD libc). Returns 0, or -1 with <c>errno</c> set.
        /// </summary>
        /// <param name="name">A NUL-terminated ASCII sysctl name.</param>
        /// <param name="oldp">The buffer that receives the value.</param>
        /// <param name="oldlenp">In: the buffer's size in bytes; out: the size of the value.</param>
        /// <param name="newp">A new value to set; <see langword="null"/> to only read.</param>
        /// <param name="newlen">The size of <paramref name="newp"/>; 0 to only read.</param>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        [SupportedOSPlatform("macos")]
        [SupportedOSPlatform("freebsd")]
        internal static unsafe partial int sysctlbyname(byte* name, void* oldp, nuint* oldlenp, void* newp, nuint newlen);
    }
}
