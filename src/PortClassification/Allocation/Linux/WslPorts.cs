using System;
using System.Text;

namespace PortClassification;

/// <summary>
/// WSL 2 with mirrored networking: Linux shares the Windows host's ports, and Windows refuses Linux binds inside
/// its own ephemeral range (49152–65535) with <c>EACCES</c> — exactly the allocator's default candidates there.
/// </summary>
/// <remarks>
/// Written from Microsoft's WSL networking documentation and users' reports; not run on WSL. The decision is pure
/// (<see cref="IsWsl"/>, <see cref="ShouldFallBack"/>) and tested with a fake kernel release and fake bind results.
/// </remarks>
internal static class WslPorts
{
    /// <summary>Where Linux names its kernel release; WSL kernels say <c>microsoft</c> there (<c>5.15.153.1-microsoft-standard-WSL2</c>).</summary>
    internal const string OsReleasePath = "/proc/sys/kernel/osrelease";

    /// <summary>The reason added to an exhaustion message once the fallback was taken.</summary>
    internal const string FallbackReason =
        "This looks like WSL 2 (the kernel release names Microsoft) and every bind test of the default candidates failed with EACCES, " +
        "as WSL 2 mirrored networking does inside the Windows ephemeral range 49152-65535, so IANA-unassigned user ports above 10000 were tried instead.";

    /// <summary>Determines whether a kernel release string is a WSL kernel's.</summary>
    /// <param name="osRelease">The contents of <see cref="OsReleasePath"/>, or <see langword="null"/> when unreadable.</param>
    /// <returns><see langword="true"/> if it contains <c>microsoft</c>, in any case (WSL 1 says <c>Microsoft</c>, WSL 2 <c>microsoft</c>).</returns>
    internal static bool IsWsl(string? osRelease) =>
        osRelease is not null && osRelease.Contains("microsoft", StringComparison.OrdinalIgnoreCase);

    /// <summary>Determines whether a search that found nothing should be repeated over unassigned user ports.</summary>
    /// <param name="wsl">Whether the host is WSL.</param>
    /// <param name="defaultPolicy">Whether the search used the default candidates (not ports the caller chose, not the fallback already).</param>
    /// <param name="forbidden">How many candidates' bind tests failed with <c>EACCES</c>.</param>
    /// <param name="busy">How many candidates' bind tests failed because a socket used the port.</param>
    /// <returns><see langword="true"/> when on WSL every candidate that was bind-tested was refused with <c>EACCES</c>.</returns>
    internal static bool ShouldFallBack(bool wsl, bool defaultPolicy, int forbidden, int busy) =>
        wsl && defaultPolicy && forbidden > 0 && busy == 0;

    /// <summary>Reads the kernel release on Linux (at most 256 bytes); <see langword="null"/> elsewhere or when unreadable.</summary>
    /// <remarks>
    /// Opened non-blocking and read once into a small buffer: whatever is mounted over the file (a FIFO, a device)
    /// can neither block nor flood the allocator.
    /// </remarks>
    internal static unsafe string? ReadOsRelease()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        int fd = Interop.Libc.Open(OsReleasePath, Interop.OpenFlags.ReadOnly | Interop.OpenFlags.NonBlock | Interop.OpenFlags.CloseOnExec);
        if (fd < 0)
        {
            return null;
        }

        using var file = new SafeFileDescriptor(fd);
        byte* buffer = stackalloc byte[256];
        nint read = Interop.Libc.Read(fd, buffer, 256);
        return read <= 0 ? null : Encoding.ASCII.GetString(buffer, (int)read);
    }
}
