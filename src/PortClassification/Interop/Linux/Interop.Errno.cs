namespace PortClassification;

internal static partial class Interop
{
    /// <summary>The Linux <c>errno</c> values the package tells apart (<c>&lt;asm-generic/errno-base.h&gt;</c>, <c>&lt;asm-generic/errno.h&gt;</c>).</summary>
    internal static partial class Errno
    {
        internal const int EPERM = 1;
        internal const int ENOENT = 2;
        internal const int ESRCH = 3;
        internal const int EINTR = 4;
        internal const int EAGAIN = 11; // also EWOULDBLOCK on Linux; see EWOULDBLOCK for the running OS
        internal const int ENOMEM = 12;
        internal const int EACCES = 13;
        internal const int ENOTDIR = 20;
        internal const int EINVAL = 22;
        internal const int ENFILE = 23;
        internal const int EMFILE = 24;
        internal const int ELOOP = 40;
        internal const int EPROTONOSUPPORT = 93;
        internal const int EAFNOSUPPORT = 97;
        internal const int ENOBUFS = 105;
    }
}
