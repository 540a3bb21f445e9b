using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

namespace PortClassification;

/// <summary>
/// Reads the small procfs and sysfs files the package relies on (the port sysctls, <c>/proc/&lt;pid&gt;/comm</c>,
/// <c>/proc/sys/kernel/osrelease</c>): opened non-blocking, close-on-exec and without following a final symbolic
/// link, accepted only when <c>statx</c> says the opened file is a regular file, and read up to a small cap.
/// </summary>
/// <remarks>
/// procfs and sysfs files are regular files (size 0, content generated on read). Anything else at such a path was
/// put there — a FIFO bind-mounted over the file would block a plain read forever, <c>/dev/zero</c> would be read until
/// memory runs out — so it is refused with a reason instead of read. Values these files hold are a few dozen bytes;
/// the longest, <c>ip_local_reserved_ports</c> with every port listed singly, is far beyond what anyone configures,
/// and a file longer than the cap is refused rather than cut, because a cut list would be a wrong list.
/// </remarks>
[SupportedOSPlatform("linux")]
internal static unsafe class ProcFile
{
    /// <summary>The cap, in bytes, for files read with <see cref="ReadAllBytes"/> unless told otherwise.</summary>
    internal const int DefaultMaxBytes = 4096;

    /// <summary>Reads a whole small file.</summary>
    /// <param name="path">The absolute path.</param>
    /// <param name="maxBytes">The most the file may hold.</param>
    /// <returns>Its bytes.</returns>
    /// <exception cref="FileNotFoundException">The file or a directory on its path does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">Reading it is not permitted.</exception>
    /// <exception cref="IOException">It is not a regular file, is longer than <paramref name="maxBytes"/>, or could not be read.</exception>
    internal static byte[] ReadAllBytes(string path, int maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] buffer = new byte[maxBytes];
        ProcFileStatus status;
        int length, errno;
        uint mode;
        byte[] name = NullTerminated(path);
        fixed (byte* p = name)
        {
            status = Read(Interop.Libc.AtFdCwd, p, buffer, out length, out errno, out mode);
        }

        return status switch
        {
            ProcFileStatus.Read => buffer.AsSpan(0, length).ToArray(),
            ProcFileStatus.OpenFailed when errno is Interop.Errno.ENOENT or Interop.Errno.ENOTDIR =>
                throw new FileNotFoundException($"'{path}' does not exist.", path),
            ProcFileStatus.OpenFailed or ProcFileStatus.ReadFailed when errno is Interop.Errno.EACCES or Interop.Errno.EPERM =>
                throw new UnauthorizedAccessException($"Reading '{path}' is not permitted ({Marshal.GetPInvokeErrorMessage(errno)})."),
            _ => throw new IOException(Describe(status, path, maxBytes, errno, mode), errno),
        };
    }

    /// <summary>Reads a small file into <paramref name="buffer"/>, without allocating or throwing.</summary>
    /// <param name="dirFd">The directory <paramref name="path"/> is relative to, or <c>AT_FDCWD</c>.</param>
    /// <param name="path">The NUL-terminated path.</param>
    /// <param name="buffer">Receives the content; its length is the cap.</param>
    /// <param name="length">How many bytes were read when the result is <see cref="ProcFileStatus.Read"/>.</param>
    /// <param name="errno">The error of a failed open, stat or read.</param>
    /// <param name="mode">The file's <c>st_mode</c>, when it was opened.</param>
    /// <returns>What happened.</returns>
    internal static ProcFileStatus Read(int dirFd, byte* path, Span<byte> buffer, out int length, out int errno, out uint mode)
    {
        length = 0;
        errno = 0;
        mode = 0;
        int fd;
        do
        {
            // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
            fd = Interop.Libc.OpenAt(
                dirFd, path, Interop.OpenFlags.ReadOnly | Interop.OpenFlags.NonBlock | Interop.OpenFlags.CloseOnExec | Interop.OpenFlags.NoFollow);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Interop.Errno.EINTR);

        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return ProcFileStatus.OpenFailed;
        }

        try
        {
            byte* statx = stackalloc byte[Interop.Libc.StatxSize];
            byte empty = 0; // "" with AT_EMPTY_PATH: describe fd itself
            if (Interop.Libc.Statx(fd, &empty, Interop.Libc.AtEmptyPath, Interop.Libc.StatxType | Interop.Libc.StatxMode, statx) != 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return ProcFileStatus.ReadFailed;
            }

            mode = *(ushort*)(statx + Interop.Libc.StatxModeOffset);
            if ((mode & FileTypeMask) != RegularFile)
            {
                return ProcFileStatus.NotRegular;
            }

            fixed (byte* b = buffer)
            {
                while (true)
                {
                    // One byte past the cap tells a full file from a longer one.
                    byte extra;
                    byte* target = length < buffer.Length ? b + length : &extra;
                    nuint room = length < buffer.Length ? (nuint)(buffer.Length - length) : 1;
                    nint read = Interop.Libc.Read(fd, target, room);
                    if (read < 0)
                    {
                        errno = Marshal.GetLastPInvokeError();
                        if (errno == Interop.Errno.EINTR)
                        {
                            continue;
                        }

                        return ProcFileStatus.ReadFailed;
                    }

                    if (read == 0)
                    {
                        return ProcFileStatus.Read;
                    }

                    if (length == buffer.Length)
                    {
                        return ProcFileStatus.TooLarge;
                    }

                    length += (int)read;
                }
            }
        }
        finally
        {
            _ = Interop.Libc.Close(fd);
        }
    }

    /// <summary>Says why a file was not read, in one sentence.</summary>
    internal static string Describe(ProcFileStatus status, string path, int maxBytes, int errno, uint mode) => status switch
    {
        ProcFileStatus.NotRegular => $"'{path}' is a {KindOf(mode)}, not a regular file; only regular files are read here.",
        ProcFileStatus.TooLarge => string.Create(CultureInfo.InvariantCulture, $"'{path}' holds more than {maxBytes} bytes, far more than this file ever does; it was not read."),
        ProcFileStatus.OpenFailed when errno == Interop.Errno.ELOOP => $"'{path}' is a symbolic link; it was not followed.",
        _ => string.Create(CultureInfo.InvariantCulture, $"'{path}' could not be read: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})."),
    };

    private const uint FileTypeMask = 0xF000; // S_IFMT
    private const uint RegularFile = 0x8000; // S_IFREG

    private static string KindOf(uint mode) => (mode & FileTypeMask) switch
    {
        0x1000 => "FIFO",
        0x2000 => "character device",
        0x4000 => "directory",
        0x6000 => "block device",
        0xA000 => "symbolic link",
        0xC000 => "socket",
        _ => "file of unknown type",
    };

    private static byte[] NullTerminated(string path)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }
}

/// <summary>The outcome of <see cref="ProcFile.Read"/>.</summary>
internal enum ProcFileStatus
{
    /// <summary>The whole file was read.</summary>
    Read,

    /// <summary>The file could not be opened (errno says why).</summary>
    OpenFailed,

    /// <summary>The opened file is not a regular file (a FIFO, a device, a directory, …).</summary>
    NotRegular,

    /// <summary>The file holds more than the cap.</summary>
    TooLarge,

    /// <summary>Stat or read failed (errno says why).</summary>
    ReadFailed,
}
