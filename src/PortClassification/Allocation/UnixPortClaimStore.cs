using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>
/// Claims on Linux, macOS and FreeBSD: <c>flock(LOCK_EX | LOCK_NB)</c> on a per-port file in a directory
/// private to the effective user.
/// </summary>
/// <remarks>
/// <para>
/// The directory is <c>/tmp/portclassification-&lt;euid&gt;</c> on Linux (fixed, so processes with
/// different <c>TMPDIR</c> still meet) and <c>$TMPDIR/portclassification-&lt;euid&gt;</c> elsewhere (macOS
/// gives every user a private <c>TMPDIR</c>). It is created with mode 0700; an existing one is used
/// only if it is a real directory (not a symbolic link), owned by this user and closed to group and
/// others — checked with <c>statx</c> on Linux. Otherwise claims are unavailable and the allocator
/// relies on its other protections. Lock files are opened read-only with <c>O_NOFOLLOW</c>,
/// <c>O_NONBLOCK</c> and <c>O_CLOEXEC</c> (a server started by the test does not inherit the claim),
/// and are never written, so a claim cannot make anyone write anywhere.
/// </para>
/// <para>
/// <c>flock</c> is used directly rather than <see cref="FileShare.None"/>, which .NET emulates with the
/// same call but which <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> silently turns off.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
[SupportedOSPlatform("freebsd")]
internal sealed class UnixPortClaimStore : PortClaimStore
{
    private const int ENoEnt = 2;
    private const int EIntr = 4;
    private const int ENFile = 23;
    private const int EMFile = 24;
    private const int OwnerOnlyMode = 0x1C0; // 0700
    private const int FileTypeMask = 0xF000;
    private const int DirectoryType = 0x4000;

    private static readonly int EWouldBlock = OperatingSystem.IsLinux() ? 11 : 35;

    private readonly int _openFlags =
        Interop.OpenFlags.ReadOnly | Interop.OpenFlags.NoFollow |
        Interop.OpenFlags.NonBlock | Interop.OpenFlags.CloseOnExec;

    private readonly uint _euid;

    private UnixPortClaimStore(string directory, uint euid)
    {
        Directory = directory;
        _euid = euid;
    }

    /// <inheritdoc />
    public override string Directory { get; }

    /// <summary>Creates the store, or returns <see langword="null"/> if no safe directory is available.</summary>
    /// <returns>The store, or <see langword="null"/>.</returns>
    public static UnixPortClaimStore? TryCreate()
    {
        uint euid = Interop.Libc.GetEUid();
        string parent = OperatingSystem.IsLinux() ? "/tmp" : Path.GetTempPath();
        return TryCreate(Path.Combine(parent, "portclassification-" + euid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Creates a store in a given directory (for tests), or returns <see langword="null"/> if it is not private to this user.</summary>
    /// <param name="directory">The directory, created with mode 0700 if missing.</param>
    /// <returns>The store, or <see langword="null"/>.</returns>
    internal static UnixPortClaimStore? TryCreate(string directory)
    {
        uint euid = Interop.Libc.GetEUid();
        return TryCreateDirectory(directory, euid) ? new UnixPortClaimStore(directory, euid) : null;
    }

    /// <inheritdoc />
    public override IDisposable? TryClaim(PortNumber port, Transport transport)
    {
        string path = Path.Combine(Directory, FileName(port, transport));
        int fd = Open(path);
        if (fd < 0 && Marshal.GetLastPInvokeError() == ENoEnt)
        {
            CreateFile(path);
            fd = Open(path);
            if (fd < 0 && Marshal.GetLastPInvokeError() == ENoEnt && TryCreateDirectory(Directory, _euid))
            {
                // The directory itself went away (a /tmp cleaner, say) and has been made again.
                CreateFile(path);
                fd = Open(path);
            }
        }

        if (fd < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error is EMFile or ENFile)
            {
                throw new IOException(Marshal.GetPInvokeErrorMessage(error), error);
            }

            // ELOOP (a symbolic link), EACCES and the like: a file nobody should use; skip the port.
            return null;
        }

        var handle = new SafeFileDescriptor(fd);
        int result;
        do
        {
            result = Interop.Libc.Flock(fd, Interop.Libc.LockExclusive | Interop.Libc.LockNonBlocking);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == EIntr);

        if (result == 0)
        {
            return handle;
        }

        int lockError = Marshal.GetLastPInvokeError();
        handle.Dispose();
        if (lockError != EWouldBlock)
        {
            throw new IOException($"Cannot lock the port claim file '{path}': {Marshal.GetPInvokeErrorMessage(lockError)}", lockError);
        }

        return null;
    }

    private int Open(string path)
    {
        int fd;
        do
        {
            fd = Interop.Libc.Open(path, _openFlags);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == EIntr);

        return fd;
    }

    private static void CreateFile(string path)
    {
        // O_CREAT | O_EXCL with mode 0600 (through .NET, which passes the variadic mode correctly on every ABI).
        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException)
        {
            // Another process created it first (and may hold its lock already): the open that follows decides.
        }
    }

    private static bool TryCreateDirectory(string directory, uint euid)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return IsPrivateDirectory(directory, euid);
    }

    private static unsafe bool IsPrivateDirectory(string directory, uint euid)
    {
        if (!OperatingSystem.IsLinux())
        {
            // TMPDIR is private to the user on macOS; check what managed code can see.
            var info = new DirectoryInfo(directory);
            return info.LinkTarget is null &&
                (info.UnixFileMode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                    UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) == 0;
        }

        byte* buffer = stackalloc byte[Interop.Libc.StatxSize];
        new Span<byte>(buffer, Interop.Libc.StatxSize).Clear();
        byte[] path = System.Text.Encoding.UTF8.GetBytes(directory + "\0");
        fixed (byte* p = path)
        {
            if (Interop.Libc.Statx(Interop.Libc.AtFdCwd, p, Interop.Libc.AtSymlinkNoFollow,
                Interop.Libc.StatxType | Interop.Libc.StatxMode | Interop.Libc.StatxUid, buffer) != 0)
            {
                return false;
            }
        }

        var statx = new ReadOnlySpan<byte>(buffer, Interop.Libc.StatxSize);
        uint owner = BitConverter.ToUInt32(statx.Slice(Interop.Libc.StatxUidOffset, sizeof(uint)));
        int mode = BitConverter.ToUInt16(statx.Slice(Interop.Libc.StatxModeOffset, sizeof(ushort)));
        return owner == euid && (mode & FileTypeMask) == DirectoryType && (mode & 0x1FF & ~OwnerOnlyMode) == 0;
    }
}
