using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;

namespace PortClassification;

/// <summary>
/// Claims on Linux, macOS and FreeBSD: <c>flock(LOCK_EX | LOCK_NB)</c> on a per-port file in a directory
/// private to the effective user.
/// </summary>
/// <remarks>
/// <para>
/// The directory is <c>$XDG_RUNTIME_DIR/portclassification</c> when <c>XDG_RUNTIME_DIR</c> names a
/// directory private to the user (systemd's <c>/run/user/&lt;uid&gt;</c>, which no other user can pre-create);
/// otherwise <c>/tmp/portclassification-&lt;euid&gt;</c> on Linux (fixed, so processes with different
/// <c>TMPDIR</c> still meet) and <c>$TMPDIR/portclassification-&lt;euid&gt;</c> elsewhere (macOS gives every
/// user a private <c>TMPDIR</c>). Processes of one user meet only if they agree on <c>XDG_RUNTIME_DIR</c>. It is created with mode 0700; an existing one is used
/// only if it is a real directory (not a symbolic link), owned by this user, open to the owner and closed
/// to group and others — checked with <c>statx</c> on Linux. Otherwise claims are unavailable, which
/// <see cref="PortAllocator.CrossProcessClaims"/> reports, and the allocator relies on its other protections. Lock files are opened read-only with <c>O_NOFOLLOW</c>,
/// <c>O_NONBLOCK</c> and <c>O_CLOEXEC</c> (a server started by the test does not inherit the claim),
/// and are never written, so a claim cannot make anyone write anywhere.
/// </para>
/// <para>
/// After locking, the file's device and inode are compared with the path's (Linux, with <c>statx</c>), so
/// a file unlinked between a claimant's <c>open</c> and <c>flock</c> is never taken for the claim; and the
/// store keeps a shared lock on the directory, which <c>systemd-tmpfiles</c> honours by not aging it. A
/// claim file deleted by its owner or root while held cannot be detected: a new claimant would lock the
/// new file. On macOS and FreeBSD the identity check is not made.
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
    private const int EPerm = 1;
    private const int ENoEnt = 2;
    private const int EIntr = 4;
    private const int EAccess = 13;
    private const int ENFile = 23;
    private const int EMFile = 24;
    private const int OwnerOnlyMode = 0x1C0; // 0700
    private const int FileTypeMask = 0xF000;
    private const int DirectoryType = 0x4000;

    private readonly int _openFlags =
        Interop.OpenFlags.ReadOnly | Interop.OpenFlags.NoFollow |
        Interop.OpenFlags.NonBlock | Interop.OpenFlags.CloseOnExec;

    private const int MaxAttempts = 4;

    private readonly uint _euid;
    private SafeFileDescriptor? _directoryLock;

    private UnixPortClaimStore(string directory, uint euid)
    {
        Directory = directory;
        _euid = euid;
    }

    /// <inheritdoc />
    public override string Directory { get; }

    /// <summary>Creates the store, or returns <see langword="null"/> if no safe directory is available.</summary>
    /// <returns>The store, or <see langword="null"/>.</returns>
    public static UnixPortClaimStore? TryCreate() =>
        TryCreate(ChooseDirectory(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"), Interop.Libc.GetEUid()));

    /// <summary>
    /// Chooses the claim directory: <c>$XDG_RUNTIME_DIR/portclassification</c> when that runtime directory is
    /// set, absolute and private to this user (nobody else can pre-create or squat in it), else the fixed
    /// <c>/tmp/portclassification-&lt;euid&gt;</c> (or under <c>TMPDIR</c> outside Linux).
    /// </summary>
    /// <param name="runtimeDirectory">The value of <c>XDG_RUNTIME_DIR</c>, if any.</param>
    /// <param name="euid">The effective user id.</param>
    /// <returns>The directory path.</returns>
    internal static string ChooseDirectory(string? runtimeDirectory, uint euid)
    {
        if (!string.IsNullOrEmpty(runtimeDirectory) && Path.IsPathFullyQualified(runtimeDirectory) && IsPrivateDirectory(runtimeDirectory, euid))
        {
            return Path.Combine(runtimeDirectory, "portclassification");
        }

        string parent = OperatingSystem.IsLinux() ? "/tmp" : Path.GetTempPath();
        return Path.Combine(parent, "portclassification-" + euid.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Creates a store in a given directory (for tests), or returns <see langword="null"/> if it is not private to this user.</summary>
    /// <param name="directory">The directory, created with mode 0700 if missing.</param>
    /// <returns>The store, or <see langword="null"/>.</returns>
    internal static UnixPortClaimStore? TryCreate(string directory)
    {
        uint euid = Interop.Libc.GetEUid();
        if (!TryCreateDirectory(directory, euid))
        {
            return null;
        }

        var store = new UnixPortClaimStore(directory, euid);
        store.LockDirectory();
        return store;
    }

    /// <inheritdoc />
    public override ClaimResult TryClaim(PortNumber port, Transport transport, out IDisposable? claim)
    {
        claim = null;
        string path = Path.Combine(Directory, FileName(port, transport));

        // If the file is unlinked between our open and our flock (a /tmp cleaner, a person), we would lock an
        // orphan while the next claimant creates and locks a new file of the same name: the usual lock-file
        // rule applies — after locking, the path must still name the locked file, else start again.
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            int fd = OpenOrCreate(path);
            if (fd < 0)
            {
                return ClassifyOpenError(Marshal.GetLastPInvokeError());
            }

            var handle = new SafeFileDescriptor(fd);
            int result = LockExclusive(fd);
            if (result < 0 && Marshal.GetLastPInvokeError() == Interop.Errno.EWOULDBLOCK)
            {
                // A claimant creating the file holds .NET's brief LOCK_SH while it closes it: look once more
                // before calling the port held.
                Thread.Yield();
                result = LockExclusive(fd);
            }

            if (result != 0)
            {
                int lockError = Marshal.GetLastPInvokeError();
                handle.Dispose();
                if (lockError != Interop.Errno.EWOULDBLOCK)
                {
                    throw new IOException($"Cannot lock the port claim file '{path}': {Marshal.GetPInvokeErrorMessage(lockError)}", lockError);
                }

                return ClaimResult.HeldElsewhere;
            }

            if (!OperatingSystem.IsLinux() || IsStillAt(fd, path))
            {
                claim = handle;
                return ClaimResult.Claimed;
            }

            handle.Dispose();
        }

        // The name kept changing under us: someone is deleting claim files; leave the port alone.
        return ClaimResult.HeldElsewhere;
    }

    /// <summary>Maps an <c>open</c> failure on a claim file to an outcome.</summary>
    /// <param name="error">The <c>errno</c>.</param>
    /// <returns><see cref="ClaimResult.Unusable"/> for a permission error, else <see cref="ClaimResult.HeldElsewhere"/>.</returns>
    /// <exception cref="IOException">The process or system is out of file descriptors.</exception>
    internal static ClaimResult ClassifyOpenError(int error)
    {
        if (error is EMFile or ENFile)
        {
            throw new IOException(Marshal.GetPInvokeErrorMessage(error), error);
        }

        // EACCES, EPERM: the directory or file refuses this user — a broken store, not a port someone holds.
        // ELOOP (a symbolic link) and the like: a file nobody should use; skip the port.
        return error is EAccess or EPerm ? ClaimResult.Unusable : ClaimResult.HeldElsewhere;
    }

    private static int LockExclusive(int fd)
    {
        int result;
        do
        {
            result = Interop.Libc.Flock(fd, Interop.Libc.LockExclusive | Interop.Libc.LockNonBlocking);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == EIntr);

        return result;
    }

    private int OpenOrCreate(string path)
    {
        int fd = Open(path);
        if (fd < 0 && Marshal.GetLastPInvokeError() == ENoEnt)
        {
            CreateFile(path);
            fd = Open(path);
            if (fd < 0 && Marshal.GetLastPInvokeError() == ENoEnt && TryCreateDirectory(Directory, _euid))
            {
                // The directory itself went away (a /tmp cleaner, say) and has been made again.
                LockDirectory();
                CreateFile(path);
                fd = Open(path);
            }
        }

        return fd;
    }

    /// <summary>
    /// Takes a shared <c>flock</c> on the directory for the life of the store: <c>systemd-tmpfiles</c> skips
    /// directories it cannot lock exclusively, so age-based cleaning leaves the claim files of running
    /// processes alone. Best effort: without it, the identity check in <see cref="TryClaim"/> still holds.
    /// </summary>
    private void LockDirectory()
    {
        int fd = Open(Directory);
        if (fd < 0)
        {
            return;
        }

        var handle = new SafeFileDescriptor(fd);
        if (Interop.Libc.Flock(fd, Interop.Libc.LockShared | Interop.Libc.LockNonBlocking) != 0)
        {
            handle.Dispose();
            return;
        }

        Interlocked.Exchange(ref _directoryLock, handle)?.Dispose();
    }

    /// <summary>Determines whether a descriptor still refers to the file a path names (same device and inode, not unlinked).</summary>
    [SupportedOSPlatform("linux")]
    internal static unsafe bool IsStillAt(int fd, string path)
    {
        const uint Mask = Interop.Libc.StatxIno | Interop.Libc.StatxNLink;
        byte* held = stackalloc byte[Interop.Libc.StatxSize];
        byte* named = stackalloc byte[Interop.Libc.StatxSize];
        new Span<byte>(held, Interop.Libc.StatxSize).Clear();
        new Span<byte>(named, Interop.Libc.StatxSize).Clear();
        byte empty = 0;
        if (Interop.Libc.Statx(fd, &empty, Interop.Libc.AtEmptyPath, Mask, held) != 0)
        {
            return false;
        }

        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            if (Interop.Libc.Statx(Interop.Libc.AtFdCwd, p, Interop.Libc.AtSymlinkNoFollow, Mask, named) != 0)
            {
                return false;
            }
        }

        var a = new ReadOnlySpan<byte>(held, Interop.Libc.StatxSize);
        var b = new ReadOnlySpan<byte>(named, Interop.Libc.StatxSize);
        return BitConverter.ToUInt32(a.Slice(Interop.Libc.StatxNLinkOffset, sizeof(uint))) > 0 &&
            a.Slice(Interop.Libc.StatxInoOffset, sizeof(ulong)).SequenceEqual(b.Slice(Interop.Libc.StatxInoOffset, sizeof(ulong))) &&
            a.Slice(Interop.Libc.StatxDevMajorOffset, 2 * sizeof(uint)).SequenceEqual(b.Slice(Interop.Libc.StatxDevMajorOffset, 2 * sizeof(uint)));
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process created it first (and may hold its lock already), or the directory refuses us
            // (EACCES): the open that follows decides, and reports the second as an unusable store.
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
            // TMPDIR is private to the user on macOS; check what managed code can see (not the owner: an
            // owner-only directory of another user is not usable, which the first claim then reports).
            var info = new DirectoryInfo(directory);
            const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            return info.LinkTarget is null && (info.UnixFileMode & OwnerAll) == OwnerAll &&
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
        return owner == euid && (mode & FileTypeMask) == DirectoryType && (mode & 0x1FF) == OwnerOnlyMode;
    }
}
