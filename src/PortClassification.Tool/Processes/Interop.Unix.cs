using System.Runtime.InteropServices;

namespace PortClassification.Tool.Processes;

/// <summary>The C library calls <c>portclass kill</c> and <c>portclass exec</c> need (POSIX, signal.h and unistd.h).</summary>
internal static partial class UnixInterop
{
    private const string Libc = "libc";

    /// <summary><c>int kill(pid_t pid, int sig)</c>: 0, or −1 with errno (ESRCH: no such process, EPERM: not allowed).</summary>
    [LibraryImport(Libc, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    /// <summary><c>pid_t getppid(void)</c>; never fails.</summary>
    [LibraryImport(Libc, EntryPoint = "getppid")]
    internal static partial int GetPPid();
}
