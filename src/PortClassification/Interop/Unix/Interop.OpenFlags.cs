using System;
using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    /// <summary>
    /// <c>open(2)</c> flag values for this process's OS and architecture
    /// (Linux: <c>asm-generic/fcntl.h</c>, with <c>arch/arm64</c> and <c>arch/powerpc</c> overrides; XNU/FreeBSD: <c>sys/fcntl.h</c>).
    /// </summary>
    internal static class OpenFlags
    {
        internal const int ReadOnly = 0;

        internal static readonly int NonBlock = OperatingSystem.IsLinux() ? 0x800 : 0x4;

        internal static readonly int CloseOnExec =
            OperatingSystem.IsLinux() ? 0x80000 : OperatingSystem.IsFreeBSD() ? 0x100000 : 0x1000000;

        internal static readonly int NoFollow = !OperatingSystem.IsLinux() ? 0x100 : RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le => 0x8000,
            _ => 0x20000,
        };
    }
}
