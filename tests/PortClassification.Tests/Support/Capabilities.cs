using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PortClassification.Tests.Support;

/// <summary>Runs code on a thread that has dropped a capability from its effective set (<c>capset(2)</c>, per thread on Linux).</summary>
[SupportedOSPlatform("linux")]
internal static partial class Capabilities
{
    public const int NetAdmin = 12; // CAP_NET_ADMIN, <linux/capability.h>
    private const uint Version3 = 0x20080522; // _LINUX_CAPABILITY_VERSION_3

    public static T RunWithout<T>(int capability, Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Drop(capability);
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    private static unsafe void Drop(int capability)
    {
        var header = new Header { Version = Version3, Pid = 0 };
        Data* data = stackalloc Data[2];
        if (capget(&header, data) != 0)
        {
            throw new InvalidOperationException($"capget failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        data[capability / 32].Effective &= ~(1u << (capability % 32));
        if (capset(&header, data) != 0)
        {
            throw new InvalidOperationException($"capset failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int capget(Header* header, Data* data);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int capset(Header* header, Data* data);
}
