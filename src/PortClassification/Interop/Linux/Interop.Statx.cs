using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>AT_FDCWD</c> (fcntl.h).</summary>
        internal const int AtFdCwd = -100;

        /// <summary><c>AT_SYMLINK_NOFOLLOW</c> (fcntl.h): describe a symbolic link itself.</summary>
        internal const int AtSymlinkNoFollow = 0x100;

        /// <summary><c>STATX_TYPE | STATX_MODE | STATX_UID</c> (linux/stat.h).</summary>
        internal const uint StatxTypeModeUid = 0x1 | 0x2 | 0x8;

        /// <summary>Size of <c>struct statx</c> (linux/stat.h), the same on every architecture.</summary>
        internal const int StatxSize = 256;

        /// <summary>Offset of <c>stx_uid</c> (<c>__u32</c>) in <c>struct statx</c>.</summary>
        internal const int StatxUidOffset = 20;

        /// <summary>Offset of <c>stx_mode</c> (<c>__u16</c>) in <c>struct statx</c>.</summary>
        internal const int StatxModeOffset = 28;

        /// <summary>
        /// <c>int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)</c>
        /// (Linux ≥ 4.11, glibc ≥ 2.28). Chosen over <c>stat</c> because its layout does not vary by architecture.
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
    }
}
