using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net;

namespace PortClassification;

/// <summary>
/// The pure half of the procfs reader: decodes <c>/proc/net/{tcp,tcp6,udp,udp6}</c> text
/// (<c>net/ipv4/tcp_ipv4.c</c> <c>get_tcp4_sock</c>, <c>net/ipv6/tcp_ipv6.c</c>, <c>net/ipv4/udp.c</c>).
/// </summary>
/// <remarks>
/// Each file is a header line followed by one row per socket:
/// <c>sl local_address rem_address st tx_queue:rx_queue tr:tm-&gt;when retrnsmt uid timeout inode …</c>.
/// Addresses are hex: IPv4 is the network-order <c>__be32</c> printed as a host integer; IPv6 is four such 32-bit
/// words. Ports are plain hex, <c>st</c> is the hex TCP state (<c>0A</c> LISTEN; for UDP <c>07</c> = not connected),
/// <c>uid</c> and <c>inode</c> are decimal. Columns after <c>inode</c> differ between TCP and UDP and are ignored.
/// </remarks>
internal static class ProcNetParser
{
    /// <summary>Decodes one file, appending the sockets it lists that <paramref name="filter"/> wants (its address family excepted).</summary>
    /// <param name="text">The whole file. Empty text (a file with no header) lists nothing.</param>
    /// <param name="transport">TCP or UDP; the <c>st</c> column is a TCP state, for UDP <c>07</c> = not connected, <c>01</c> = connected. Rows in a state the transport does not have are skipped.</param>
    /// <param name="ipv6"><see langword="true"/> for <c>tcp6</c>/<c>udp6</c> (32-digit addresses).</param>
    /// <param name="filter">The states and ports to keep.</param>
    /// <param name="records">Receives the sockets.</param>
    /// <param name="littleEndian">The byte order of the host that wrote the file (the kernel prints host integers).</param>
    /// <exception cref="FormatException">The header or a row is malformed.</exception>
    internal static void Parse(ReadOnlySpan<byte> text, Transport transport, bool ipv6, in LinuxSocketFilter filter, List<LinuxSocketRecord> records, bool littleEndian)
    {
        if (text.IsEmpty)
        {
            return;
        }

        int newline = text.IndexOf((byte)'\n');
        ReadOnlySpan<byte> header = newline < 0 ? text : text[..newline];
        if (!header.TrimStart((byte)' ').StartsWith("sl "u8) || header.IndexOf("local_address"u8) < 0)
        {
            throw new FormatException("A /proc/net socket table must start with its 'sl local_address …' header line.");
        }

        int states = filter.StatesFor(transport);
        text = newline < 0 ? default : text[(newline + 1)..];
        int line = 1;
        while (!text.IsEmpty)
        {
            line++;
            newline = text.IndexOf((byte)'\n');
            ReadOnlySpan<byte> row = newline < 0 ? text : text[..newline];
            text = newline < 0 ? default : text[(newline + 1)..];
            if (row.Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            ParseRow(row, line, transport, ipv6, states, filter, records, littleEndian);
        }
    }

    private static void ParseRow(ReadOnlySpan<byte> row, int line, Transport transport, bool ipv6, int states, in LinuxSocketFilter filter, List<LinuxSocketRecord> records, bool littleEndian)
    {
        ReadOnlySpan<byte> slot = NextField(ref row);
        ReadOnlySpan<byte> local = NextField(ref row);
        ReadOnlySpan<byte> remote = NextField(ref row);
        ReadOnlySpan<byte> state = NextField(ref row);
        _ = NextField(ref row); // tx_queue:rx_queue
        _ = NextField(ref row); // tr:tm->when
        _ = NextField(ref row); // retrnsmt
        ReadOnlySpan<byte> uid = NextField(ref row);
        _ = NextField(ref row); // timeout
        ReadOnlySpan<byte> inode = NextField(ref row);

        int addressDigits = ipv6 ? 32 : 8;
        if (slot.IsEmpty || slot[^1] != (byte)':'
            || local.Length != addressDigits + 5 || local[addressDigits] != (byte)':'
            || remote.Length != addressDigits + 5 || remote[addressDigits] != (byte)':'
            || state.Length != 2 || !TryParseHex(state, out uint st)
            || !TryParseHex(local[(addressDigits + 1)..], out uint localPort)
            || !TryParseHex(remote[(addressDigits + 1)..], out uint remotePort)
            || !AsciiDecimal.TryParse(uid, 19, out ulong userId) || userId > uint.MaxValue
            || !AsciiDecimal.TryParse(inode, 19, out ulong inodeNumber))
        {
            throw new FormatException($"Line {line} of a /proc/net socket table is not a socket row.");
        }

        if (!LinuxSocketStates.TryMap(transport, (int)st, out SocketState socketState) || (states & (1 << (int)socketState)) == 0)
        {
            return;
        }

        bool connected = socketState is not (SocketState.Listen or SocketState.Bound);
        int peerPort = connected ? (int)remotePort : -1;
        if ((filter.LocalPort >= 0 && filter.LocalPort != localPort)
            || (filter.RemotePort >= 0 && filter.RemotePort != peerPort)
            || (filter.EitherPort >= 0 && filter.EitherPort != localPort && filter.EitherPort != peerPort))
        {
            return;
        }

        IPEndPoint endPoint = ParseAddress(local, line, ipv6, (int)localPort, littleEndian);
        IPEndPoint? peer = connected ? ParseAddress(remote, line, ipv6, peerPort, littleEndian) : null;
        records.Add(new LinuxSocketRecord(transport, endPoint, (uint)userId, inodeNumber, socketState, peer));
    }

    private static IPEndPoint ParseAddress(ReadOnlySpan<byte> field, int line, bool ipv6, int port, bool littleEndian)
    {
        int addressDigits = ipv6 ? 32 : 8;
        Span<byte> address = stackalloc byte[16];
        for (int word = 0; word < addressDigits / 8; word++)
        {
            if (!TryParseHex(field.Slice(word * 8, 8), out uint value))
            {
                throw new FormatException($"Line {line} of a /proc/net socket table has a malformed address.");
            }

            // The kernel printed a network-order word as a host integer; undo that.
            if (littleEndian)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(address[(word * 4)..], value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(address[(word * 4)..], value);
            }
        }

        return ipv6
            ? ListenerAddress.FromIPv6(address, port, 0)
            : ListenerAddress.FromIPv4(address[..4], port);
    }

    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> row)
    {
        row = row.TrimStart((byte)' ');
        int end = row.IndexOf((byte)' ');
        ReadOnlySpan<byte> field = end < 0 ? row : row[..end];
        row = end < 0 ? default : row[end..];
        return field;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> digits, out uint value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 8)
        {
            return false;
        }

        foreach (byte c in digits)
        {
            uint d = c switch
            {
                >= (byte)'0' and <= (byte)'9' => (uint)(c - '0'),
                >= (byte)'A' and <= (byte)'F' => (uint)(c - 'A' + 10),
                >= (byte)'a' and <= (byte)'f' => (uint)(c - 'a' + 10),
                _ => uint.MaxValue,
            };
            if (d == uint.MaxValue)
            {
                return false;
            }

            value = (value << 4) | d;
        }

        return true;
    }
}
