using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PortClassification.Tests.Support;

/// <summary>
/// Runs test code inside a fresh Linux network namespace, on a dedicated thread, so the test can change
/// network sysctls, bind any port and start child processes without touching the host or other tests.
/// </summary>
/// <remarks>
/// <para>
/// Linux keeps namespaces per task (thread): <c>unshare(CLONE_NEWNET)</c> on a new thread moves only that
/// thread. Everything the thread does afterwards happens in the new namespace: files it opens under
/// <c>/proc/sys/net</c> show and change the namespace's sysctls, sockets it creates belong to it, and
/// processes it starts (<see cref="System.Diagnostics.Process.Start(System.Diagnostics.ProcessStartInfo)"/>
/// forks from the calling thread) inherit it. The rest of the test process is unaffected, and the
/// namespace disappears once the thread has ended and the last socket or child in it is gone.
/// </para>
/// <para>
/// A new namespace starts from the kernel defaults (range 32768–60999, nothing reserved, unprivileged start
/// 1024), not from its creator's values, and its loopback interface is down until <see cref="BringUpLoopback"/>.
/// Creating one needs <c>CAP_SYS_ADMIN</c> (root, as in CI); <see cref="IsSupported"/> says whether it works here.
/// Do not hand the thread's work to the thread pool (<c>await</c>, <c>Task.Run</c>): pool threads are
/// in the original namespace.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
public static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;
    private static readonly Lazy<string?> s_unsupportedReason = new(Probe);

    /// <summary>Gets why network namespaces cannot be created here, or <see langword="null"/> when they can.</summary>
    public static string? UnsupportedReason => s_unsupportedReason.Value;

    /// <summary>Gets a value indicating whether this process may create network namespaces.</summary>
    public static bool IsSupported => UnsupportedReason is null;

    /// <summary>Runs <paramref name="action"/> on a new thread inside a new network namespace and returns its result.</summary>
    /// <exception cref="InvalidOperationException">The namespace could not be created.</exception>
    public static T Run<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter();
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "Network namespace",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>Runs <paramref name="action"/> on a new thread inside a new network namespace.</summary>
    /// <exception cref="InvalidOperationException">The namespace could not be created.</exception>
    public static void Run(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Run(() =>
        {
            action();
            return true;
        });
    }

    /// <summary>Writes a sysctl of the calling thread's network namespace, for example <c>("ipv4/ip_local_port_range", "41234 41987")</c>.</summary>
    /// <param name="name">The path under <c>/proc/sys/net/</c>.</param>
    /// <param name="value">The value, as <c>sysctl -w</c> would take it.</param>
    public static void WriteSysctl(string name, string value) =>
        File.WriteAllText(Path.Combine("/proc/sys/net", name), value + "\n");

    /// <summary>Reads a sysctl of the calling thread's network namespace, without the trailing newline.</summary>
    /// <param name="name">The path under <c>/proc/sys/net/</c>.</param>
    public static string ReadSysctl(string name) =>
        File.ReadAllText(Path.Combine("/proc/sys/net", name)).TrimEnd('\n');

    /// <summary>Sets the loopback interface of the calling thread's network namespace up, as <c>ip link set lo up</c> does.</summary>
    /// <exception cref="InvalidOperationException">A system call failed.</exception>
    public static unsafe void BringUpLoopback()
    {
        const int AfInet = 2, SockDgram = 2, IffUp = 0x1;
        const nuint SiocGetInterfaceFlags = 0x8913, SiocSetInterfaceFlags = 0x8914;

        int socket = Native.socket(AfInet, SockDgram, 0);
        Check(socket, "socket");
        try
        {
            InterfaceRequest request = default;
            "lo"u8.CopyTo(new Span<byte>(request.Name, 16));
            Check(Native.ioctl(socket, SiocGetInterfaceFlags, &request), "ioctl(SIOCGIFFLAGS)");
            request.Flags |= IffUp;
            Check(Native.ioctl(socket, SiocSetInterfaceFlags, &request), "ioctl(SIOCSIFFLAGS)");
        }
        finally
        {
            _ = Native.close(socket);
        }
    }

    private static void Enter()
    {
        if (Native.unshare(CloneNewNet) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException(
                $"unshare(CLONE_NEWNET) failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}); creating a network namespace needs CAP_SYS_ADMIN.");
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "Network namespaces exist only on Linux.";
        }

        try
        {
            Run(() => { });
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    private static void Check(int result, string call)
    {
        if (result < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"{call} failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");
        }
    }

    /// <summary><c>struct ifreq</c> from <c>&lt;net/if.h&gt;</c>: the name, then a 24-byte union whose first member is <c>short ifr_flags</c>.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 40)]
    private unsafe struct InterfaceRequest
    {
        public fixed byte Name[16];
        public short Flags;
    }

    private static unsafe partial class Native
    {
        [LibraryImport("libc", SetLastError = true)]
        internal static partial int unshare(int flags);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int socket(int domain, int type, int protocol);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int ioctl(int fd, nuint request, void* argument);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int close(int fd);
    }
}
