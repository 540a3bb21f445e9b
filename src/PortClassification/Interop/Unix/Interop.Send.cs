using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>ssize_t send(int fd, const void *buf, size_t len, int flags)</c> from <c>&lt;sys/socket.h&gt;</c>.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "send", SetLastError = true)]
        internal static unsafe partial nint Send(int fd, byte* buffer, nuint length, int flags);
    }
}
