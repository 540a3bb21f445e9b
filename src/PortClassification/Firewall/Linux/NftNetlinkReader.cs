using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;

namespace PortClassification;

/// <summary>
/// Reads the nftables ruleset of the caller's network namespace over <c>NETLINK_NETFILTER</c>: the table, chain, set
/// and rule dumps and one set-element dump per set, between two reads of the ruleset generation so that a ruleset
/// changed mid-read is read again. Returns the raw reply messages for <see cref="NftMessageParser"/>; the kernel answers
/// <c>EPERM</c> without <c>CAP_NET_ADMIN</c>.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class NftNetlinkReader
{
    private const int NlmsgError = 2, NlmsgDone = 3, FlagDumpInterrupted = 0x10;
    private const ushort FlagRequest = 0x1, FlagDump = 0x300;
    private const int GetTable = 1, GetChain = 4, GetRule = 7, GetSet = 10, GetSetElem = 13, GetGen = 16;
    private const int BufferSize = 256 * 1024;
    private const int MaxAttempts = 3;
    private static int s_sequence;

    /// <summary>Reads the ruleset's raw dump messages.</summary>
    /// <param name="messages">The reply messages back to back, when the result is 0.</param>
    /// <returns>0, or the errno with which the kernel or the socket failed (<c>EINTR</c>: the ruleset never held still).</returns>
    /// <exception cref="FormatException">A reply is malformed.</exception>
    public static unsafe int TryRead(out byte[] messages)
    {
        messages = [];
        int fd = Interop.Libc.Socket(Interop.Netlink.AfNetlink, Interop.Netlink.SockRaw | Interop.Netlink.SockCloseOnExec, Interop.Netlink.NetlinkNetfilter);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        using var socket = new SafeFileDescriptor(fd);
        byte[] buffer = new byte[BufferSize];
        int errno = LinuxNetlinkReader.SetReceiveTimeout(fd, LinuxNetlinkReader.ReceiveTimeoutSeconds * 1_000_000L);
        if (errno != 0)
        {
            return errno;
        }

        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var output = new MemoryStream();
            errno = Generation(fd, buffer, out uint before);
            if (errno != 0)
            {
                return errno;
            }

            bool interrupted = false;
            foreach (int type in (ReadOnlySpan<int>)[GetTable, GetChain, GetSet, GetRule])
            {
                errno = Request(fd, buffer, type, 0, default, output, ref interrupted);
                if (errno != 0)
                {
                    return errno;
                }
            }

            // Set elements are dumped per set, asked for with the set's exact family, table and name.
            foreach ((byte family, string table, string set) in Sets(output.ToArray()))
            {
                errno = Request(fd, buffer, GetSetElem, family, SetElementAttributes(table, set), output, ref interrupted);
                if (errno != 0)
                {
                    return errno;
                }
            }

            errno = Generation(fd, buffer, out uint after);
            if (errno != 0)
            {
                return errno;
            }

            if (!interrupted && before == after)
            {
                messages = output.ToArray();
                return 0;
            }
        }

        return Interop.Errno.EINTR;
    }

    /// <summary>Lists the sets in the messages read so far (<c>NEWSET</c>: family, table, name).</summary>
    private static List<(byte, string, string)> Sets(byte[] messages)
    {
        var sets = new List<(byte, string, string)>();
        foreach (NftSet set in NftMessageParser.Parse(messages).Sets)
        {
            sets.Add((set.Family, set.Table, set.Name));
        }

        return sets;
    }

    private static byte[] SetElementAttributes(string table, string set)
    {
        var stream = new MemoryStream();
        WriteString(stream, 1, table); // NFTA_SET_ELEM_LIST_TABLE
        WriteString(stream, 2, set);   // NFTA_SET_ELEM_LIST_SET
        return stream.ToArray();
    }

    private static void WriteString(MemoryStream stream, ushort type, string value)
    {
        byte[] text = System.Text.Encoding.UTF8.GetBytes(value + "\0");
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(header, checked((ushort)(4 + text.Length)));
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], type);
        stream.Write(header);
        stream.Write(text);
        stream.Write(new byte[((text.Length + 3) & ~3) - text.Length]);
    }

    /// <summary>Reads the ruleset generation (<c>NFT_MSG_GETGEN</c>, not a dump: one reply).</summary>
    private static int Generation(int fd, byte[] buffer, out uint generation)
    {
        generation = 0;
        var output = new MemoryStream();
        bool interrupted = false;
        int errno = Request(fd, buffer, GetGen, 0, default, output, ref interrupted, dump: false);
        if (errno != 0)
        {
            return errno;
        }

        // NEWGEN: nlmsghdr (16), nfgenmsg (4), NFTA_GEN_ID (1) as a big-endian u32.
        byte[] reply = output.ToArray();
        if (reply.Length >= 20)
        {
            for (var a = new NlAttributes(reply.AsSpan(20, Math.Min(reply.Length, (int)BinaryPrimitives.ReadUInt32LittleEndian(reply)) - 20)); a.MoveNext();)
            {
                if (a.Type == 1)
                {
                    generation = NlAttributes.U32(a.Payload);
                }
            }
        }

        return 0;
    }

    /// <summary>Sends one request and appends every reply message of its sequence to <paramref name="output"/>.</summary>
    private static unsafe int Request(int fd, byte[] buffer, int type, byte family, ReadOnlySpan<byte> attributes, MemoryStream output, ref bool interrupted, bool dump = true)
    {
        uint sequence = unchecked((uint)Interlocked.Increment(ref s_sequence));
        int length = 16 + 4 + attributes.Length;
        byte[] request = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(4), (ushort)(NftMessageParser.SubsystemShifted | type));
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(6), dump ? (ushort)(FlagRequest | FlagDump) : FlagRequest);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(8), sequence);
        request[16] = family; // nfgenmsg: family, version 0, res_id 0
        attributes.CopyTo(request.AsSpan(20));
        fixed (byte* r = request)
        {
            nint sent;
            while ((sent = Interop.Libc.Send(fd, r, (nuint)length, 0)) < 0 && Marshal.GetLastPInvokeError() == Interop.Errno.EINTR)
            {
            }

            if (sent < 0)
            {
                return Marshal.GetLastPInvokeError();
            }
        }

        fixed (byte* b = buffer)
        {
            while (true)
            {
                nint received = Interop.Libc.Recv(fd, b, (nuint)buffer.Length, Interop.Netlink.MsgTrunc);
                if (received < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Interop.Errno.EINTR)
                    {
                        continue;
                    }

                    return errno;
                }

                if (received > buffer.Length)
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"A netlink datagram of {received} bytes does not fit the {buffer.Length}-byte buffer."));
                }

                ReadOnlySpan<byte> data = buffer.AsSpan(0, (int)received);
                while (data.Length >= 16)
                {
                    int messageLength = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(data), int.MaxValue);
                    if (messageLength < 16 || messageLength > data.Length)
                    {
                        throw new FormatException("A netlink message from nf_tables has a bad length.");
                    }

                    int messageType = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
                    int flags = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
                    uint messageSequence = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
                    ReadOnlySpan<byte> message = data[..messageLength];
                    int aligned = (messageLength + 3) & ~3;
                    data = aligned >= data.Length ? default : data[aligned..];
                    if (messageSequence != sequence)
                    {
                        continue;
                    }

                    interrupted |= (flags & FlagDumpInterrupted) != 0;
                    if (messageType == NlmsgError)
                    {
                        int error = message.Length >= 20 ? BinaryPrimitives.ReadInt32LittleEndian(message[16..]) : -Interop.Errno.EINVAL;
                        return error == 0 ? 0 : error == int.MinValue ? Interop.Errno.EINVAL : -error;
                    }

                    if (messageType == NlmsgDone)
                    {
                        return 0;
                    }

                    output.Write(message);
                    int padding = ((messageLength + 3) & ~3) - messageLength;
                    output.Write(new byte[padding]);
                    if (!dump)
                    {
                        return 0;
                    }
                }
            }
        }
    }
}
