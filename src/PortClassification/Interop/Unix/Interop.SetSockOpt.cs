using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>int setsockopt(int fd, int level, int name, const void *value, socklen_t length)</c> from <c>&lt;sys/socket.h&gt;</c>.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "setsockopt", SetLastError = true)]
        internal static unsafe partial int SetSockOpt(int fd, int level, int name, void* value, uint length);
    }
}
