using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;

namespace PortClassification;

/// <summary>
/// The one Linux netlink <c>sock_diag</c> reader, behind both the listener view and the socket table: one
/// <c>SOCK_DIAG_BY_FAMILY</c> dump per transport and address family, with the wanted states as the kernel's state
/// mask and the port conditions as an <c>INET_DIAG_REQ_BYTECODE</c> program, so the kernel skips every other socket.
/// </summary>
/// <remarks>
/// Which kernel tables a dump walks depends on the mask (<c>net/ipv4/tcp_diag.c</c> <c>tcp_diag_dump</c>): LISTEN walks
/// the listening hash, <c>TCP_BOUND_INACTIVE</c> (bit 13, Linux 6.8+) the bind hash, any other bit the established hash,
/// TIME_WAIT included. Older kernels ignore bit 13, so bound-only TCP sockets are missing there. Those walks visit every
/// bucket whatever the filter, so TCP is asked for with the compat <c>TCPDIAG_GETSOCK</c> request, which walks each table
/// once for both families (<c>inet_diag_dump_compat</c> sets <c>AF_UNSPEC</c>); kernels that refuse it are asked per family.
/// </remarks>
[SupportedOSPlatform("linux")]
internal static class LinuxNetlinkReader
{
    private const int ReceiveBufferSize = 64 * 1024;
    private const int MaxDumpAttempts = 4;

    /// <summary>How long one <c>recv</c> waits for the kernel; a sandbox may accept the socket and never answer.</summary>
    internal const int ReceiveTimeoutSeconds = 5;

    private static int s_sequence;

    /// <summary>Set once the kernel refused the one-walk compat TCP request; then TCP is dumped per family.</summary>
    private static bool s_noCompatTcp;

    /// <summary>Gets whether this kernel refused the one-walk compat TCP request (then TCP is dumped per family).</summary>
    internal static bool CompatTcpRefused => Volatile.Read(ref s_noCompatTcp);

    /// <summary>Maps the errno with which a dump failed to the exception the netlink sources document.</summary>
    internal static Exception ToException(int errno)
    {
        if (errno == Interop.Errno.EAGAIN)
        {
            // SO_RCVTIMEO expired: something between us and the kernel swallowed the request.
            return new LinuxNetlinkException(string.Create(CultureInfo.InvariantCulture, $"Netlink sock_diag did not answer within {ReceiveTimeoutSeconds} s (errno {errno})."), errno);
        }

        string message = string.Create(CultureInfo.InvariantCulture, $"Netlink sock_diag is unavailable: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        return errno is Interop.Errno.EACCES or Interop.Errno.EPERM ? new UnauthorizedAccessException(message) : new LinuxNetlinkException(message, errno);
    }

    /// <summary>Makes a blocking <c>recv</c> on <paramref name="fd"/> fail with <c>EAGAIN</c> after the given time.</summary>
    /// <returns>0, or the errno of <c>setsockopt</c>.</returns>
    internal static unsafe int SetReceiveTimeout(int fd, long microseconds)
    {
        var timeout = new Interop.Libc.LinuxTimeval
        {
            Seconds = checked((nint)(microseconds / 1_000_000)),
            Microseconds = (nint)(microseconds % 1_000_000),
        };
        return Interop.Libc.SetSockOpt(fd, Interop.Libc.SolSocket, Interop.Libc.SoRcvTimeo, &timeout, (uint)sizeof(Interop.Libc.LinuxTimeval)) == 0
            ? 0
            : Marshal.GetLastPInvokeError();
    }

    /// <summary>Dumps the sockets the query asks for into <paramref name="records"/>.</summary>
    /// <param name="filter">What to dump.</param>
    /// <param name="records">Receives the sockets.</param>
    /// <param name="warnings">Receives warnings about an inconsistent dump.</param>
    /// <param name="allowCompat"><see langword="false"/> dumps TCP per family even where the one-walk compat request works (tests compare the two).</param>
    /// <returns>0, or the errno with which the kernel refused netlink.</returns>
    internal static unsafe int TryDump(in LinuxSocketFilter filter, List<LinuxSocketRecord> records, ref List<string>? warnings, bool allowCompat = true)
    {
        int fd = Interop.Libc.Socket(Interop.Netlink.AfNetlink, Interop.Netlink.SockDgram | Interop.Netlink.SockCloseOnExec, Interop.Netlink.NetlinkSockDiag);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        using var socket = new SafeFileDescriptor(fd);
        int timeoutErrno = SetReceiveTimeout(fd, ReceiveTimeoutSeconds * 1_000_000L);
        if (timeoutErrno != 0)
        {
            return timeoutErrno;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        try
        {
            foreach (Transport transport in (ReadOnlySpan<Transport>)[Transport.Tcp, Transport.Udp])
            {
                if (filter.StatesFor(transport) == 0)
                {
                    continue;
                }

                // TCP: one walk of each kernel table for both families (TCPDIAG_GETSOCK, AF_UNSPEC) instead of one per
                // family. The established and bind hashes are walked bucket by bucket whatever the filter, so this halves
                // the kernel's share of a port query. A kernel without the compat request gets the per-family dumps.
                if (transport == Transport.Tcp && filter.Family != System.Net.Sockets.AddressFamily.InterNetworkV6 && allowCompat && !Volatile.Read(ref s_noCompatTcp))
                {
                    int start = records.Count;
                    int compatErrno = DumpWithRetries(fd, buffer, transport, SockDiagMessages.AfUnspec, filter, records, ref warnings);
                    if (compatErrno == 0)
                    {
                        continue;
                    }

                    records.RemoveRange(start, records.Count - start);
                    if (compatErrno is Interop.Errno.EAGAIN or Interop.Errno.EMFILE or Interop.Errno.ENFILE or Interop.Errno.ENOMEM or Interop.Errno.ENOBUFS)
                    {
                        return compatErrno; // a passing failure, not a refusal: the per-family dumps would fail alike
                    }

                    Volatile.Write(ref s_noCompatTcp, true); // EOPNOTSUPP, EINVAL, ENOENT, EACCES…: the per-family dumps decide
                }

                foreach (int family in (ReadOnlySpan<int>)[SockDiagMessages.AfInet, SockDiagMessages.AfInet6])
                {
                    // An AF_INET6 socket bound to ::ffff:a.b.c.d is listed as IPv4, so an IPv4 query dumps both families
                    // (ToSnapshot drops the plain IPv6 ones); an IPv6 query needs only AF_INET6.
                    if (family == SockDiagMessages.AfInet && filter.Family == System.Net.Sockets.AddressFamily.InterNetworkV6)
                    {
                        continue;
                    }

                    int errno = DumpWithRetries(fd, buffer, transport, family, filter, records, ref warnings);
                    if (errno != 0)
                    {
                        return errno;
                    }
                }
            }

            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int DumpWithRetries(int fd, byte[] buffer, Transport transport, int family, in LinuxSocketFilter filter, List<LinuxSocketRecord> records, ref List<string>? warnings)
    {
        int start = records.Count;
        bool kernelFilter = true;
        for (int attempt = 1; ; attempt++)
        {
            SockDiagStatus status = Dump(fd, buffer, transport, family, filter, kernelFilter, records, out int errno);
            if (status == SockDiagStatus.Error && kernelFilter && errno == Interop.Errno.EINVAL)
            {
                // A kernel that rejects the port bytecode: dump every port; the results filter in user space.
                records.RemoveRange(start, records.Count - start);
                kernelFilter = false;
                continue;
            }

            if (status == SockDiagStatus.Error)
            {
                return errno;
            }

            if (status == SockDiagStatus.Done)
            {
                return 0;
            }

            // NLM_F_DUMP_INTR: sockets came and went while the kernel walked its tables; the dump may have skipped or
            // repeated some. Repeat it; if the host never stays still long enough, keep the last dump and say so.
            if (attempt == MaxDumpAttempts)
            {
                (warnings ??= []).Add("The kernel's socket tables kept changing during the dump; a socket may be missing or listed twice.");
                return 0;
            }

            records.RemoveRange(start, records.Count - start);
        }
    }

    private static unsafe SockDiagStatus Dump(int fd, byte[] buffer, Transport transport, int family, in LinuxSocketFilter filter, bool kernelFilter, List<LinuxSocketRecord> records, out int errno)
    {
        int states = filter.StatesFor(transport);
        int protocol = transport == Transport.Tcp ? SockDiagMessages.IpProtoTcp : SockDiagMessages.IpProtoUdp;
        uint sequence = unchecked((uint)Interlocked.Increment(ref s_sequence));
        Span<byte> request = stackalloc byte[SockDiagMessages.MaxRequestSize];
        Span<byte> bytecode = stackalloc byte[SockDiagBytecode.MaxLength];
        int programLength = kernelFilter ? SockDiagBytecode.Write(bytecode, filter.LocalPort, filter.RemotePort, filter.EitherPort) : 0;
        uint kernelStates = LinuxSocketStates.KernelMask(transport, states);
        int length = family == SockDiagMessages.AfUnspec
            ? SockDiagMessages.WriteCompatTcpDumpRequest(request, kernelStates, sequence, bytecode[..programLength])
            : SockDiagMessages.WriteDumpRequest(request, family, protocol, kernelStates, sequence, bytecode[..programLength]);
        fixed (byte* r = request)
        {
            nint sent;
            while ((sent = Interop.Libc.Send(fd, r, (nuint)length, 0)) < 0 && Marshal.GetLastPInvokeError() == Interop.Errno.EINTR)
            {
            }

            if (sent < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return SockDiagStatus.Error;
            }
        }

        bool interrupted = false;
        fixed (byte* b = buffer)
        {
            while (true)
            {
                nint received = Interop.Libc.Recv(fd, b, (nuint)buffer.Length, Interop.Netlink.MsgTrunc);
                if (received < 0)
                {
                    errno = Marshal.GetLastPInvokeError();
                    if (errno == Interop.Errno.EINTR)
                    {
                        continue;
                    }

                    return SockDiagStatus.Error;
                }

                if (received > buffer.Length)
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"A netlink datagram of {received} bytes does not fit the {buffer.Length}-byte buffer."));
                }

                SockDiagStatus status = SockDiagMessages.Parse(buffer.AsSpan(0, (int)received), sequence, transport, states, records, ref interrupted, out errno);
                if (status != SockDiagStatus.More)
                {
                    return status;
                }
            }
        }
    }
}
