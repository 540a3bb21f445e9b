using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>SOL_SOCKET</c> on Linux (<c>&lt;asm-generic/socket.h&gt;</c>).</summary>
        internal const int SolSocket = 1;

        /// <summary>
        /// <c>SO_RCVTIMEO</c> on Linux: 20 in <c>&lt;asm-generic/socket.h&gt;</c> (x86, Arm, RISC-V, s390x, LoongArch),
        /// 18 on PowerPC (<c>arch/powerpc/include/uapi/asm/socket.h</c>). This is the option that takes a
        /// <see cref="LinuxTimeval"/> of two C <c>long</c>s, on 32-bit processes too.
        /// </summary>
        internal static int SoRcvTimeo =>
            RuntimeInformation.ProcessArchitecture is Architecture.Ppc64le ? 18 : 20;

        /// <summary>
        /// <c>struct timeval</c> as <c>SO_RCVTIMEO</c> takes it on Linux (<c>&lt;linux/time_types.h&gt;</c>
        /// <c>__kernel_old_timeval</c>): <c>tv_sec</c> and <c>tv_usec</c> are C <c>long</c>, 8 bytes each on 64-bit.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct LinuxTimeval
        {
            internal nint Seconds;
            internal nint Microseconds;
        }
    }
}
