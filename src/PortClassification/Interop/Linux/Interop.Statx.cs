using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>AT_FDCWD</c> from <c>&lt;fcntl.h&gt;</c> (Linux; macOS uses -2): resolve relative paths from the working directory.</summary>
        internal const int AtFdCwd = -100;

        /// <summary><c>STATX_TYPE</c> from <c>&lt;linux/stat.h&gt;</c>.</summary>
        internal const uint StatxType = 0x1;

        /// <summary><c>STATX_MODE</c> from <c>&lt;linux/stat.h&gt;</c>.</summary>
        internal const uint StatxMode = 0x2;

        /// <summary><c>STATX_NLINK</c> from <c>&lt;linux/stat.h&gt;</c>.</summary>
        internal const uint StatxNLink = 0x4;

        /// <summary><c>STATX_UID</c> from <c>&lt;linux/stat.h&gt;</c>.</summary>
        internal const uint StatxUid = 0x8;

        /// <summary><c>STATX_INO</c> from <c>&lt;linux/stat.h&gt;</c>.</summary>
        internal const uint StatxIno = 0x100;

        /// <summary><c>AT_EMPTY_PATH</c> from <c>&lt;fcntl.h&gt;</c> (Linux): with an empty path, describe <c>dirfd</c> itself.</summary>
        internal const int AtEmptyPath = 0x1000;

        /// <summary><c>AT_SYMLINK_NOFOLLOW</c> from <c>&lt;fcntl.h&gt;</c> (Linux): describe a symbolic link itself, not its target.</summary>
        internal const int AtSymlinkNoFollow = 0x100;

        /// <summary>The size of <c>struct statx</c> (<c>&lt;linux/stat.h&gt;</c>); the same on every architecture.</summary>
        internal const int StatxSize = 256;

        /// <summary>The offset of <c>__u32 stx_nlink</c> in <c>struct statx</c>.</summary>
        internal const int StatxNLinkOffset = 16;

        /// <summary>The offset of <c>__u32 stx_uid</c> in <c>struct statx</c>.</summary>
        internal const int StatxUidOffset = 20;

        /// <summary>The offset of <c>__u16 stx_mode</c> in <c>struct statx</c>.</summary>
        internal const int StatxModeOffset = 28;

        /// <summary>The offset of <c>__u64 stx_ino</c> in <c>struct statx</c>.</summary>
        internal const int StatxInoOffset = 32;

        /// <summary>The offset of <c>__u32 stx_dev_major</c> in <c>struct statx</c>, followed by <c>__u32 stx_dev_minor</c>.</summary>
        internal const int StatxDevMajorOffset = 136;

        /// <summary>
        /// <c>int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)</c>
        /// (glibc 2.28+). Chosen over <c>fstatat</c> because <c>struct statx</c> has one layout on every architecture.
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true)]
        internal static unsafe partial int Statx(int dirFd, byte* path, int flags, uint mask, byte* buffer);
    }
}
