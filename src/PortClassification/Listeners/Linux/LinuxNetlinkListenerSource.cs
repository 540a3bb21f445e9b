using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;
using PortClassification.Internal;

namespace PortClassification;

/// <summary>
/// Lists listeners on Linux by asking the kernel over netlink <c>NETLINK_SOCK_DIAG</c>, the mechanism of <c>ss</c>.
/// </summary>
/// <remarks>
/// <para>
/// The kernel filters by state (TCP <c>LISTEN</c>; UDP not connected, which is what <c>ss -lu</c> shows) and, when the
/// query has a port, by port, so the cost follows the number of listeners, not of all connections on the host. No
/// privilege is needed. The list covers the caller's network namespace.
/// </para>
/// <para>
/// A listener's address family is that of the address it reports: an IPv6 socket bound to an IPv4-mapped address
/// (<c>::ffff:127.0.0.1</c>) is listed as IPv4 (<c>127.0.0.1</c>), so an IPv4 query finds it and an IPv6 query does not.
/// </para>
/// <para>
/// Owners come from <c>/proc/&lt;pid&gt;/fd</c>, which the kernel lets a process read only for its own user's
/// processes (or with root / <c>CAP_SYS_PTRACE</c>); other sockets are still listed, with an unknown owner. Owners found
/// once are remembered and re-confirmed cheaply, so repeated calls are much faster than the first.
/// </para>
/// <para>
/// Some sandboxes (seccomp profiles, gVisor) refuse netlink; <c>Listeners.Default</c> then falls back to
/// <see cref="LinuxProcNetListenerSource"/>. Instances are thread-safe.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class LinuxNetlinkListenerSource : IListenerSource
{
    private const int AfNetlink = 16;
    private const int SockDgram = 2;
    private const int SockCloseOnExec = 0x80000;
    private const int NetlinkSockDiag = 4;
    private const int MsgTrunc = 0x20;
    private const int ReceiveBufferSize = 64 * 1024;
    private const int MaxDumpAttempts = 4;

    /// <summary>How long one <c>recv</c> waits for the kernel; a sandbox may accept the socket and never answer.</summary>
    internal const int ReceiveTimeoutSeconds = 5;

    private static int s_sequence;
    private readonly LinuxSocketOwners _owners;

    /// <summary>Initializes a new instance of the <see cref="LinuxNetlinkListenerSource"/> class.</summary>
    /// <exception cref="PlatformNotSupportedException">The OS is not Linux.</exception>
    public LinuxNetlinkListenerSource()
        : this(LinuxListenerResults.SharedOwners)
    {
    }

    internal LinuxNetlinkListenerSource(LinuxSocketOwners owners)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Netlink sock_diag exists only on Linux.");
        }

        _owners = owners;
    }

    /// <summary>Gets the mechanism's name, <c>"linux-netlink"</c>.</summary>
    public string Name => "linux-netlink";

    /// <summary>Lists the listening sockets that match a query.</summary>
    /// <param name="query">What to list; <see langword="null"/> lists every TCP and UDP listener and resolves owners.</param>
    /// <returns>The listeners.</returns>
    /// <exception cref="UnauthorizedAccessException">The kernel or a sandbox refused the netlink socket (<c>EACCES</c>/<c>EPERM</c>).</exception>
    /// <exception cref="IOException">Netlink sock_diag is unavailable for another reason (for example a kernel without <c>inet_diag</c>), or the kernel did not answer within 5 seconds.</exception>
    /// <exception cref="FormatException">The kernel's reply was malformed.</exception>
    public ListenerSnapshot GetListeners(ListenerQuery? query = null)
    {
        query ??= ListenerQueryDefaults.Everything;
        List<LinuxSocketRecord> records = LinuxListenerResults.RentRecords();
        try
        {
            return List(query, records);
        }
        finally
        {
            LinuxListenerResults.ReturnRecords(records);
        }
    }

    private ListenerSnapshot List(ListenerQuery query, List<LinuxSocketRecord> records)
    {
        List<string>? warnings = null;
        int errno = TryDump(query, records, ref warnings);
        if (errno != 0)
        {
            throw ToException(errno);
        }

        // The only warning a dump gives is "kept changing": a listener may be missing, so say the list is incomplete.
        return LinuxListenerResults.ToSnapshot(records, query, _owners, Name, warnings, isComplete: warnings is null);
    }

    /// <summary>Maps the errno with which a dump failed to the exception <see cref="GetListeners"/> documents.</summary>
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
    /// <returns>0, or the errno with which the kernel refused netlink.</returns>
    internal static unsafe int TryDump(ListenerQuery query, List<LinuxSocketRecord> records, ref List<string>? warnings)
    {
        int fd = Interop.Libc.Socket(AfNetlink, SockDgram | SockCloseOnExec, NetlinkSockDiag);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        int timeoutErrno = SetReceiveTimeout(fd, ReceiveTimeoutSeconds * 1_000_000L);
        if (timeoutErrno != 0)
        {
            _ = Interop.Libc.Close(fd);
            return timeoutErrno;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        try
        {
            foreach (Transport transport in (ReadOnlySpan<Transport>)[Transport.Tcp, Transport.Udp])
            {
                if (query.Transport is not null && query.Transport != transport)
                {
                    continue;
                }

                foreach (int family in (ReadOnlySpan<int>)[SockDiagMessages.AfInet, SockDiagMessages.AfInet6])
                {
                    // An AF_INET6 socket bound to ::ffff:a.b.c.d is listed as IPv4, so an IPv4 query dumps both families
                    // (ToSnapshot drops the plain IPv6 ones); an IPv6 query needs only AF_INET6.
                    if (family == SockDiagMessages.AfInet && query.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
                    {
                        continue;
                    }

                    int errno = DumpWithRetries(fd, buffer, transport, family, query.Port?.Value, records, ref warnings);
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
            _ = Interop.Libc.Close(fd);
        }
    }

    private static int DumpWithRetries(int fd, byte[] buffer, Transport transport, int family, ushort? port, List<LinuxSocketRecord> records, ref List<string>? warnings)
    {
        int start = records.Count;
        for (int attempt = 1; ; attempt++)
        {
            SockDiagStatus status = Dump(fd, buffer, transport, family, port, records, out int errno);
            if (status == SockDiagStatus.Error && port is not null && errno == Interop.Errno.EINVAL)
            {
                // A kernel that rejects the port bytecode: dump every port; ToSnapshot filters in user space.
                records.RemoveRange(start, records.Count - start);
                port = null;
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
                (warnings ??= []).Add("The kernel's socket tables kept changing during the dump; a listener may be missing or listed twice.");
                return 0;
            }

            records.RemoveRange(start, records.Count - start);
        }
    }

    private static unsafe SockDiagStatus Dump(int fd, byte[] buffer, Transport transport, int family, ushort? port, List<LinuxSocketRecord> records, out int errno)
    {
        int state = transport == Transport.Tcp ? SockDiagMessages.StateListen : SockDiagMessages.StateClose;
        int protocol = transport == Transport.Tcp ? SockDiagMessages.IpProtoTcp : SockDiagMessages.IpProtoUdp;
        uint sequence = unchecked((uint)Interlocked.Increment(ref s_sequence));
        Span<byte> request = stackalloc byte[SockDiagMessages.MaxRequestSize];
        int length = SockDiagMessages.WriteDumpRequest(request, family, protocol, state, sequence, port);
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
                nint received = Interop.Libc.Recv(fd, b, (nuint)buffer.Length, MsgTrunc);
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

                SockDiagStatus status = SockDiagMessages.Parse(buffer.AsSpan(0, (int)received), sequence, transport, state, records, ref interrupted, out errno);
                if (status != SockDiagStatus.More)
                {
                    return status;
                }
            }
        }
    }
}
