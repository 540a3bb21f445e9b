using System;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

namespace PortClassification;

/// <summary>
/// Lists listeners on macOS with libproc: <c>proc_listpids</c>, then per process <c>proc_pidinfo(PROC_PIDLISTFDS)</c>,
/// then per socket descriptor <c>proc_pidfdinfo(PROC_PIDFDSOCKETINFO)</c>.
/// </summary>
/// <remarks>
/// <para>
/// libproc reports sockets per process, so every listener comes with its owner. Without root, macOS refuses
/// (<c>EPERM</c>) to describe other users' processes: their listeners are missing, and the snapshot says so
/// (<see cref="ListenerSnapshot.IsComplete"/> is <see langword="false"/> and a warning counts the processes that
/// could not be inspected). Processes that exit during the walk, and descriptors closed meanwhile, are skipped
/// without a warning. A socket shared by several processes is reported once, for the lowest process id.
/// </para>
/// <para>
/// A TCP socket listens in state LISTEN; a UDP socket listens when it is bound to a port and connected to none.
/// The <c>net.inet.*.pcblist_n</c> sysctls, which list sockets without owners, are not consulted.
/// </para>
/// <para>This type is stateless and thread-safe.</para>
/// </remarks>
[SupportedOSPlatform("macos")]
public sealed class MacOSListenerSource : IListenerSource
{
    /// <summary>Initializes a new instance of the <see cref="MacOSListenerSource"/> class.</summary>
    public MacOSListenerSource()
    {
    }

    /// <summary>Gets the name of this source, <c>"macos-libproc"</c>.</summary>
    public string Name => "macos-libproc";

    /// <summary>Lists the listening sockets that match a query.</summary>
    /// <param name="query">What to list; <see langword="null"/> lists every TCP and UDP listener and names their processes.</param>
    /// <returns>
    /// The listeners this process may see. The snapshot is incomplete, with a warning, when some processes could not be
    /// inspected (another user's, without root), returned malformed data, or had lists too long to read whole.
    /// </returns>
    /// <exception cref="PlatformNotSupportedException">The current OS is not macOS.</exception>
    public ListenerSnapshot GetListeners(ListenerQuery? query = null)
    {
        if (!OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("The libproc listener source runs only on macOS.");
        }

        return LibprocWalk.Collect(NativeLibproc.Instance, query ?? ListenerQueryDefaults.Everything, Name);
    }

    /// <summary>The real libproc calls; what their results mean is decided by <see cref="LibprocWalk"/>.</summary>
    internal sealed class NativeLibproc : ILibproc
    {
        // proc_name copies at most 2 * MAXCOMLEN bytes (pbi_name).
        private const int ProcessNameCapacity = 64;

        // The kernel adds slack to its size estimates; a few attempts cover processes opening descriptors meanwhile.
        private const int MaxAttempts = 4;

        // 16 MiB is two million descriptors or four million pids: far past any real system, so a larger estimate is not trusted.
        private const int MaxListBytes = 16 * 1024 * 1024;

        internal static readonly NativeLibproc Instance = new();

        public unsafe LibprocList ListAllPids(ref byte[] buffer) => Fill(&ListAllPids, 0, ref buffer);

        public unsafe LibprocList ListDescriptors(int pid, ref byte[] buffer) => Fill(&ListDescriptors, pid, ref buffer);

        public unsafe int DescribeSocket(int pid, int fd, Span<byte> info)
        {
            fixed (byte* p = info)
            {
                int written = Interop.Libproc.ProcPidFdInfo(pid, fd, Interop.Libproc.ProcPidFdSocketInfo, p, info.Length);
                return Math.Min(written, info.Length);
            }
        }

        public unsafe string? ProcessName(int pid)
        {
            byte* name = stackalloc byte[ProcessNameCapacity];
            int length = Interop.Libproc.ProcName(pid, name, ProcessNameCapacity);
            return length > 0 && length <= ProcessNameCapacity
                ? Encoding.UTF8.GetString(name, length)
                : null;
        }

        /// <summary>
        /// The one "ask size → allocate → retry while full" loop for libproc's list calls: asks for an estimate with a null
        /// buffer (the kernel adds slack), reads, and reads again into a doubled buffer while the result fills it to the brim.
        /// A list that still fills the buffer after the last attempt, or at the size cap, is returned as truncated.
        /// </summary>
        private static unsafe LibprocList Fill(delegate*<int, byte*, int, int> call, int pid, ref byte[] buffer)
        {
            int needed = call(pid, null, 0);
            if (needed <= 0)
            {
                return LibprocList.Failure(Marshal.GetLastPInvokeError());
            }

            needed = Math.Min(needed, MaxListBytes);
            for (int attempt = 0; ; attempt++)
            {
                if (buffer.Length < needed)
                {
                    buffer = new byte[needed];
                }

                int written;
                fixed (byte* p = buffer)
                {
                    written = call(pid, p, buffer.Length);
                }

                if (written < 0 || (written == 0 && Marshal.GetLastPInvokeError() != 0))
                {
                    return LibprocList.Failure(Marshal.GetLastPInvokeError());
                }

                // Not full: the whole list fitted.
                if (written < buffer.Length)
                {
                    return new LibprocList(written, Truncated: false, Errno: 0);
                }

                if (attempt == MaxAttempts || buffer.Length >= MaxListBytes)
                {
                    return new LibprocList(buffer.Length, Truncated: true, Errno: 0);
                }

                needed = (int)Math.Min(buffer.Length * 2L, MaxListBytes);
            }
        }

        private static unsafe int ListAllPids(int unused, byte* buffer, int size) =>
            Interop.Libproc.ProcListPids(Interop.Libproc.ProcAllPids, 0, buffer, size);

        private static unsafe int ListDescriptors(int pid, byte* buffer, int size) =>
            Interop.Libproc.ProcPidInfo(pid, Interop.Libproc.ProcPidListFds, 0, buffer, size);
    }
}
