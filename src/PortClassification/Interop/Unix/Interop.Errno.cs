using System;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Errno
    {
        /// <summary>
        /// <c>EWOULDBLOCK</c> for the running OS: <see cref="EAGAIN"/> (11) on Linux, 35 on macOS and the BSDs
        /// (<c>&lt;sys/errno.h&gt;</c>). The other constants of this class are Linux values.
        /// </summary>
        internal static readonly int EWOULDBLOCK = OperatingSystem.IsLinux() ? EAGAIN : 35;
    }
}
