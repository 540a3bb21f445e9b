using System;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>
/// The one "ask size → allocate → retry while too small" loop for the IP Helper owner-pid tables.
/// </summary>
[SupportedOSPlatform("windows")]
internal static class IpHelperTableReader
{
    /// <summary><c>AF_INET6</c> is 23 on Windows (10 on Linux, 30 on macOS), the same as <see cref="AddressFamily.InterNetworkV6"/>.</summary>
    private const uint AfInet6 = 23;
    private const uint AfInet = 2;

    // The table can grow between the size query and the read; a few attempts with slack always
    // suffice in practice, and the bound keeps a pathological system from looping forever.
    private const int MaxAttempts = 5;

    // 64 MiB is over a million TCP6 rows; a larger request means the size we were given is not sane.
    private const uint MaxTableBytes = 64 * 1024 * 1024;

    /// <summary>Reads one table into a new buffer.</summary>
    /// <param name="transport">TCP or UDP (the owner-pid table).</param>
    /// <param name="family">The address family.</param>
    /// <param name="listenersOnly">For TCP: the listener table (<c>TCP_TABLE_OWNER_PID_LISTENER</c>), or every connection too (<c>TCP_TABLE_OWNER_PID_ALL</c>).</param>
    /// <param name="table">The filled buffer on success (its length is the size handed to the API); otherwise empty.</param>
    /// <returns><see cref="Interop.Errors.ERROR_SUCCESS"/>, or the Win32/NT status of the last attempt.</returns>
    internal static unsafe uint Read(Transport transport, AddressFamily family, bool listenersOnly, out byte[] table)
    {
        uint af = family == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet;
        byte[] buffer = [];
        uint result = Interop.Errors.ERROR_INSUFFICIENT_BUFFER;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            uint size = (uint)buffer.Length;
            fixed (byte* p = buffer)
            {
                // An empty array pins to null: the first call is the documented size query. bOrder = TRUE
                // sorts the rows, so snapshots come out in a stable order.
                result = transport == Transport.Tcp
                    ? Interop.IpHlpApi.GetExtendedTcpTable(p, &size, 1, af, listenersOnly ? Interop.IpHlpApi.TcpTableClass.OwnerPidListener : Interop.IpHlpApi.TcpTableClass.OwnerPidAll, 0)
                    : Interop.IpHlpApi.GetExtendedUdpTable(p, &size, 1, af, Interop.IpHlpApi.UdpTableClass.OwnerPid, 0);
            }

            if (result == Interop.Errors.ERROR_SUCCESS && buffer.Length != 0)
            {
                table = buffer;
                return Interop.Errors.ERROR_SUCCESS;
            }

            if (result is not (Interop.Errors.ERROR_SUCCESS or Interop.Errors.ERROR_INSUFFICIENT_BUFFER or Interop.Errors.STATUS_UNSUCCESSFUL))
            {
                break;
            }

            // Grow to the size asked for (or past what we had, if the API did not say), plus a quarter for
            // rows that appear before the next call.
            ulong needed = Math.Max(size, (uint)buffer.Length + 1024u);
            ulong next = needed + (needed / 4);
            if (next > MaxTableBytes)
            {
                result = Interop.Errors.ERROR_INSUFFICIENT_BUFFER;
                break;
            }

            buffer = new byte[(int)next];
        }

        table = [];
        return result;
    }
}
