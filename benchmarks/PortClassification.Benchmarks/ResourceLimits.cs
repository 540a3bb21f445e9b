using System.Runtime.InteropServices;

namespace PortClassification.Benchmarks;

/// <summary><c>getrlimit</c>/<c>setrlimit</c>: the listener benchmark raises its descriptor limit; the package never does.</summary>
internal static partial class ResourceLimits
{
    /// <summary><c>RLIMIT_NOFILE</c> on Linux (every architecture).</summary>
    internal const int NoFile = 7;

    /// <summary><c>struct rlimit</c> from <c>&lt;sys/resource.h&gt;</c> (64-bit <c>rlim_t</c>).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct RLimit
    {
        internal ulong Current;
        internal ulong Maximum;
    }

    /// <summary><c>int getrlimit(int resource, struct rlimit *rlim)</c>.</summary>
    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    internal static unsafe partial int GetRLimit(int resource, RLimit* limit);

    /// <summary><c>int setrlimit(int resource, const struct rlimit *rlim)</c>.</summary>
    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    internal static unsafe partial int SetRLimit(int resource, RLimit* limit);
}
