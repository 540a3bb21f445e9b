using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// Decodes the buffers that <c>GetExtendedTcpTable(TCP_TABLE_OWNER_PID_LISTENER</c> or <c>_ALL)</c> and
/// <c>GetExtendedUdpTable(UDP_TABLE_OWNER_PID)</c> fill. Pure: bytes in, rows or <see cref="FormatException"/> out,
/// so it is tested on any OS with byte-exact fixtures.
/// </summary>
/// <remarks>
/// Layouts from <c>tcpmib.h</c> / <c>udpmib.h</c> (all fields 4-byte aligned, so the rows follow the
/// <c>DWORD dwNumEntries</c> directly at offset 4; the little-endian DWORDs are Windows' own byte order):
/// <code>
/// MIB_TCPROW_OWNER_PID   24 B  dwState 0, dwLocalAddr 4, dwLocalPort 8, dwRemoteAddr 12, dwRemotePort 16, dwOwningPid 20
/// MIB_TCP6ROW_OWNER_PID  56 B  ucLocalAddr[16] 0, dwLocalScopeId 16, dwLocalPort 20, ucRemoteAddr[16] 24,
///                              dwRemoteScopeId 40, dwRemotePort 44, dwState 48, dwOwningPid 52
/// MIB_UDPROW_OWNER_PID   12 B  dwLocalAddr 0, dwLocalPort 4, dwOwningPid 8
/// MIB_UDP6ROW_OWNER_PID  28 B  ucLocalAddr[16] 0, dwLocalScopeId 16, dwLocalPort 20, dwOwningPid 24
/// </code>
/// Addresses are in network order. A port is in network order in the low 16 bits of its DWORD; the docs
/// say the upper 16 bits may hold uninitialized data, so they are ignored rather than rejected.
/// <c>dwState</c> is <c>MIB_TCP_STATE</c> (MS-RRASM 2.2.1.1.11): 1 CLOSED, 2 LISTEN, 3 SYN_SENT, 4 SYN_RCVD, 5 ESTAB,
/// 6 FIN_WAIT1, 7 FIN_WAIT2, 8 CLOSE_WAIT, 9 CLOSING, 10 LAST_ACK, 11 TIME_WAIT, 12 DELETE_TCB. CLOSED and DELETE_TCB
/// rows (a connection being torn down) and unknown values are skipped: they hold no port a caller can act on.
/// </remarks>
internal static class IpHelperTableDecoder
{
    internal const int TcpRowSize = 24;
    internal const int Tcp6RowSize = 56;
    internal const int UdpRowSize = 12;
    internal const int Udp6RowSize = 28;

    private const int EntryCountSize = sizeof(uint);

    /// <summary>Gets the size of one row of the table for a transport and address family.</summary>
    internal static int RowSize(Transport transport, AddressFamily family) => (transport, family) switch
    {
        (Transport.Tcp, AddressFamily.InterNetwork) => TcpRowSize,
        (Transport.Tcp, AddressFamily.InterNetworkV6) => Tcp6RowSize,
        (Transport.Udp, AddressFamily.InterNetwork) => UdpRowSize,
        (Transport.Udp, AddressFamily.InterNetworkV6) => Udp6RowSize,
        _ => throw new ArgumentOutOfRangeException(nameof(transport), $"IP Helper has no {transport} table for {family}."),
    };

    /// <summary>
    /// Appends the rows of one table to <paramref name="rows"/>: with <paramref name="listenersOnly"/>, TCP rows in a
    /// state other than LISTEN are skipped; every UDP row is a bound socket and is kept.
    /// </summary>
    /// <param name="table">The buffer the API filled: <c>dwNumEntries</c>, then the rows. Bytes past the last row are ignored.</param>
    /// <param name="transport">Which API filled it.</param>
    /// <param name="family"><see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</param>
    /// <param name="rows">Receives the rows, in table order.</param>
    /// <param name="listenersOnly">Keep only TCP rows in LISTEN (the listener view), or every TCP row in a known state.</param>
    /// <exception cref="FormatException">
    /// The buffer is shorter than its entry count, or claims more rows than it holds, or a row names a process id above
    /// <see cref="int.MaxValue"/>. Nothing is appended then.
    /// </exception>
    internal static void Decode(ReadOnlySpan<byte> table, Transport transport, AddressFamily family, List<IpHelperRow> rows, bool listenersOnly = true)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int rowSize = RowSize(transport, family);
        if (table.Length < EntryCountSize)
        {
            throw new FormatException($"An IP Helper table needs at least {EntryCountSize} bytes for its entry count; the buffer has {table.Length}.");
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(table);
        int available = (table.Length - EntryCountSize) / rowSize;
        if (count > (uint)available)
        {
            throw new FormatException($"The {transport} {family} table claims {count} rows of {rowSize} bytes, but the buffer holds only {available}.");
        }

        int start = rows.Count;
        ReadOnlySpan<byte> body = table.Slice(EntryCountSize, (int)count * rowSize);
        try
        {
            for (; !body.IsEmpty; body = body[rowSize..])
            {
                ReadOnlySpan<byte> row = body[..rowSize];
                if (DecodeRow(row, transport, family, listenersOnly) is { } decoded)
                {
                    rows.Add(decoded);
                }
            }
        }
        catch (FormatException)
        {
            rows.RemoveRange(start, rows.Count - start);
            throw;
        }
    }

    private static IpHelperRow? DecodeRow(ReadOnlySpan<byte> row, Transport transport, AddressFamily family, bool listenersOnly)
    {
        if (transport == Transport.Udp)
        {
            return family == AddressFamily.InterNetwork
                ? new IpHelperRow(transport, new IPEndPoint(new IPAddress(row[..4]), ReadPort(row, 4)), ReadProcessId(row, 8), SocketState.Bound)
                : new IpHelperRow(transport, new IPEndPoint(ToAddress(row[..16], ReadUInt32(row, 16)), ReadPort(row, 20)), ReadProcessId(row, 24), SocketState.Bound);
        }

        // dwState is first in the IPv4 row and seventh in the IPv6 row.
        bool v4 = family == AddressFamily.InterNetwork;
        uint rawState = ReadUInt32(row, v4 ? 0 : 48);
        if (!TryMapState(rawState, out SocketState state) || (listenersOnly && state != SocketState.Listen))
        {
            return null;
        }

        IPEndPoint local = v4
            ? new IPEndPoint(new IPAddress(row.Slice(4, 4)), ReadPort(row, 8))
            : new IPEndPoint(ToAddress(row[..16], ReadUInt32(row, 16)), ReadPort(row, 20));
        IPEndPoint? remote = state == SocketState.Listen
            ? null // the remote fields of a listener are meaningless
            : v4
                ? new IPEndPoint(new IPAddress(row.Slice(12, 4)), ReadPort(row, 16))
                : new IPEndPoint(ToAddress(row.Slice(24, 16), ReadUInt32(row, 40)), ReadPort(row, 44));
        return new IpHelperRow(transport, local, ReadProcessId(row, v4 ? 20 : 52), state, remote);
    }

    /// <summary>Names a <c>MIB_TCP_STATE</c> value; <see langword="false"/> for CLOSED, DELETE_TCB and unknown values.</summary>
    internal static bool TryMapState(uint value, out SocketState state)
    {
        state = value switch
        {
            2 => SocketState.Listen,
            3 => SocketState.SynSent,
            4 => SocketState.SynReceived,
            5 => SocketState.Established,
            6 => SocketState.FinWait1,
            7 => SocketState.FinWait2,
            8 => SocketState.CloseWait,
            9 => SocketState.Closing,
            10 => SocketState.LastAck,
            11 => SocketState.TimeWait,
            _ => (SocketState)(-1),
        };
        return state >= 0;
    }

    /// <summary>
    /// Builds an IPv6 address, keeping the scope id only where it means something (link- and site-local):
    /// Wine reports <c>::1</c> with scope 4096, and <see cref="IPAddress.Equals(object)"/> compares scope ids.
    /// An IPv4-mapped address (a dual-mode socket bound to an IPv4 address) is reported as IPv4.
    /// </summary>
    private static IPAddress ToAddress(ReadOnlySpan<byte> bytes, uint scopeId)
    {
        if (SocketAddressDecoding.TryGetMappedIPv4(bytes, out IPAddress? ipv4))
        {
            return ipv4;
        }

        var address = new IPAddress(bytes);
        return scopeId != 0 && (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal) ? new IPAddress(bytes, scopeId) : address;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> row, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(row[offset..]);

    // Network order in the low 16 bits of the DWORD.
    private static int ReadPort(ReadOnlySpan<byte> row, int offset) => SocketAddressDecoding.ReadNetworkOrderPort(row[offset..]);

    private static int ReadProcessId(ReadOnlySpan<byte> row, int offset)
    {
        uint pid = ReadUInt32(row, offset);
        return pid <= int.MaxValue
            ? (int)pid
            : throw new FormatException($"A row names process id {pid}, which is beyond the range of process ids.");
    }

    /// <summary>Turns decoded rows into the entries that match a query; process id 0 becomes unknown.</summary>
    internal static IEnumerable<SocketEntry> ToEntries(List<IpHelperRow> rows, SocketQuery query, Dictionary<int, string>? names)
    {
        foreach (IpHelperRow row in rows)
        {
            int? processId = row.ProcessId != 0 ? row.ProcessId : null;
            string? name = null;
            if (processId is { } pid)
            {
                names?.TryGetValue(pid, out name);
            }

            var entry = new SocketEntry(row.Transport, row.State, row.LocalEndPoint, row.RemoteEndPoint, processId, name);
            if (query.Matches(entry))
            {
                yield return entry;
            }
        }
    }
}
