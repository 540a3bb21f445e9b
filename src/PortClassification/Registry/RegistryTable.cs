using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO.Compression;
using System.Text;

namespace PortClassification;

/// <summary>
/// The compact binary form of an IANA registry and the curated known uses that the library embeds
/// (<c>iana-services.bin</c>), written by <c>PortClassification.RegistryCompiler</c> (its <c>RegistryTableWriter</c>);
/// the library only reads it.
/// </summary>
/// <remarks>
/// <para>Layout, little-endian:</para>
/// <code>
/// header (24 bytes)
///   0  4  magic "PCSR"
///   4  2  format version (2)
///   6  2  reserved, 0
///   8  4  registry date, DateOnly.DayNumber
///  12  4  payload length (uncompressed)
///  16  4  compressed length
///  20  4  FNV-1a hash of header bytes 0-19 and the uncompressed payload
/// Brotli-compressed payload
///   strings:  count, then per string its UTF-8 length and bytes; string 0 is ""
///   services: count, then per service
///             first port (zig-zag delta from the previous first port), last - first,
///             flags (bits 0-2 transport, 4 = every transport; bit 3 reference; bit 4 unauthorized; bit 5 note),
///             name, description, then reference / unauthorized / note when flagged (string indexes)
///   holds:    count, then per hold: first port (zig-zag delta), last - first, flags (bits 0-2 transport, bit 3 reserved)
///   known uses: count, then per entry: first port (zig-zag delta), last - first, flags (bits 0-2 transport),
///             name, description, source (string indexes), category, platforms (bytes), alias count, aliases (string indexes)
/// </code>
/// <para>Version 2 added the known uses.</para>
/// <para>
/// Counts, lengths, ports and indexes are unsigned LEB128. The payload is compressed because IANA's
/// text is most of its size. The hash covers the header and the uncompressed payload, so any damage is
/// caught, while a different Brotli build, which may compress differently, still yields an equal table.
/// </para>
/// </remarks>
internal static class RegistryTable
{
    // The format's constants are internal so that the compiler's writer shares them.
    internal const ushort FormatVersion = 2;
    internal const int HeaderLength = 24;
    internal const uint Magic = 0x52534350; // "PCSR" read as little-endian
    internal const byte AnyTransport = 4;
    internal const byte HasReference = 1 << 3, HasUnauthorized = 1 << 4, HasNote = 1 << 5, IsReserved = 1 << 3;

    /// <summary>Reads a table written by the registry compiler.</summary>
    /// <exception cref="FormatException">The bytes are not a valid table of this format version.</exception>
    internal static RegistryData Read(ReadOnlySpan<byte> table) => ReadPayload(ReadHeader(table, out DateOnly date), date);

    /// <summary>Checks the header and returns the decompressed, hash-checked payload.</summary>
    internal static byte[] ReadHeader(ReadOnlySpan<byte> table, out DateOnly date)
    {
        if (table.Length < HeaderLength || BinaryPrimitives.ReadUInt32LittleEndian(table) != Magic)
        {
            throw Corrupt("it does not start with the PCSR header");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(table[4..]);
        if (version != FormatVersion)
        {
            throw Corrupt($"its format version is {version}; this library reads version {FormatVersion}");
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(table[6..]) != 0)
        {
            throw Corrupt("its reserved header bytes are not zero");
        }

        int dayNumber = BinaryPrimitives.ReadInt32LittleEndian(table[8..]);
        int payloadLength = BinaryPrimitives.ReadInt32LittleEndian(table[12..]);
        int compressedLength = BinaryPrimitives.ReadInt32LittleEndian(table[16..]);
        uint hash = BinaryPrimitives.ReadUInt32LittleEndian(table[20..]);
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber ||
            payloadLength is < 0 or > 64 << 20 || compressedLength < 0 || compressedLength != table.Length - HeaderLength)
        {
            throw Corrupt("its header holds impossible values");
        }

        byte[] payload = new byte[payloadLength];
        if (!BrotliDecoder.TryDecompress(table.Slice(HeaderLength, compressedLength), payload, out int written) ||
            written != payloadLength || Hash(table[..20], payload) != hash)
        {
            throw Corrupt("its payload does not decompress to the length and hash in its header");
        }

        date = DateOnly.FromDayNumber(dayNumber);
        return payload;
    }

    private static RegistryData ReadPayload(byte[] payload, DateOnly date)
    {
        var reader = new PayloadReader(payload);
        int stringCount = reader.ReadCount();
        string[] strings = new string[stringCount];
        for (int i = 0; i < strings.Length; i++)
        {
            strings[i] = reader.ReadString();
        }

        int serviceCount = reader.ReadCount();
        var services = new List<ServiceEntry>(serviceCount);
        int previous = 0;
        for (int i = 0; i < serviceCount; i++)
        {
            PortInterval ports = reader.ReadPorts(ref previous);
            byte flags = reader.ReadByte();
            string name = strings[reader.ReadIndex(strings.Length)];
            string description = strings[reader.ReadIndex(strings.Length)];
            if (name.Length == 0)
            {
                throw Corrupt($"service {i} has no name");
            }

            services.Add(new ServiceEntry(name, ports, ReadTransport(flags), description, ServiceOrigin.Iana)
            {
                Reference = (flags & HasReference) != 0 ? strings[reader.ReadIndex(strings.Length)] : null,
                UnauthorizedUse = (flags & HasUnauthorized) != 0 ? strings[reader.ReadIndex(strings.Length)] : null,
                Note = (flags & HasNote) != 0 ? strings[reader.ReadIndex(strings.Length)] : null,
            });
        }

        int holdCount = reader.ReadCount();
        var holds = new List<PortHold>(holdCount);
        previous = 0;
        for (int i = 0; i < holdCount; i++)
        {
            PortInterval ports = reader.ReadPorts(ref previous);
            byte flags = reader.ReadByte();
            holds.Add(new PortHold(ports, ReadTransport(flags), (flags & IsReserved) != 0 ? HoldKind.Reserved : HoldKind.Unassigned));
        }

        var data = new RegistryData(date, services, holds, serviceCount + holdCount, 0);
        ReadKnownUses(ref reader, strings, data.KnownUses);
        if (!reader.AtEnd)
        {
            throw Corrupt("bytes follow its last record");
        }

        return data;
    }

    private static void ReadKnownUses(ref PayloadReader reader, string[] strings, List<ServiceEntry> knownUses)
    {
        int count = reader.ReadCount();
        knownUses.Capacity = count;
        int previous = 0;
        for (int i = 0; i < count; i++)
        {
            PortInterval ports = reader.ReadPorts(ref previous);
            Transport? transport = ReadTransport(reader.ReadByte());
            string name = strings[reader.ReadIndex(strings.Length)];
            string description = strings[reader.ReadIndex(strings.Length)];
            string source = strings[reader.ReadIndex(strings.Length)];
            byte category = reader.ReadByte();
            byte platforms = reader.ReadByte();
            if (name.Length == 0 || category > (byte)ServiceCategory.Other || platforms is 0 or > (byte)ServicePlatforms.All)
            {
                throw Corrupt($"known use {i} has no name, or an undefined category or platform set");
            }

            int aliasCount = reader.ReadCount();
            string[] aliases = aliasCount == 0 ? [] : new string[aliasCount];
            for (int a = 0; a < aliases.Length; a++)
            {
                aliases[a] = strings[reader.ReadIndex(strings.Length)];
                if (aliases[a].Length == 0)
                {
                    throw Corrupt($"known use {i} has an empty alias");
                }
            }

            knownUses.Add(new ServiceEntry(name, ports, transport, description, ServiceOrigin.KnownUse)
            {
                Citation = source.Length == 0 ? null : source,
                Category = (ServiceCategory)category,
                Platforms = (ServicePlatforms)platforms,
                Aliases = aliases,
            });
        }
    }

    private static Transport? ReadTransport(byte flags)
    {
        int code = flags & 7;
        return code switch
        {
            AnyTransport => null,
            <= (int)Transport.Dccp => (Transport)code,
            _ => throw Corrupt($"transport code {code} is undefined"),
        };
    }

    /// <summary>The FNV-1a hash the header carries, over header bytes 0-19 and the uncompressed payload.</summary>
    internal static uint Hash(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload) => Fnv1a(Fnv1a(2166136261, header), payload);

    private static uint Fnv1a(uint hash, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            hash = unchecked((hash ^ b) * 16777619);
        }

        return hash;
    }

    internal static FormatException Corrupt(string message) =>
        new($"The registry table is corrupt: {message}.");

    /// <summary>Bounds-checked reads from the payload; every failure is a <see cref="FormatException"/>.</summary>
    private ref struct PayloadReader
    {
        private readonly ReadOnlySpan<byte> _bytes;
        private int _position;

        internal PayloadReader(ReadOnlySpan<byte> bytes) => _bytes = bytes;

        internal readonly bool AtEnd => _position == _bytes.Length;

        internal byte ReadByte() =>
            _position < _bytes.Length ? _bytes[_position++] : throw Corrupt("it ends early");

        internal uint ReadVarint()
        {
            uint value = 0;
            for (int shift = 0; shift < 35; shift += 7)
            {
                byte b = ReadByte();
                value |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw Corrupt("a number is longer than five bytes");
        }

        internal int ReadCount()
        {
            uint count = ReadVarint();
            // Every item takes at least one byte, so a count beyond the remaining bytes is corrupt.
            return count <= (uint)(_bytes.Length - _position) ? (int)count : throw Corrupt("a count exceeds its data");
        }

        internal int ReadIndex(int count)
        {
            uint index = ReadVarint();
            return index < (uint)count ? (int)index : throw Corrupt($"string index {index} is out of range");
        }

        internal string ReadString()
        {
            int length = ReadCount();
            ReadOnlySpan<byte> bytes = _bytes.Slice(_position, length);
            _position += length;
            return Encoding.UTF8.GetString(bytes);
        }

        internal PortInterval ReadPorts(ref int previous)
        {
            uint zigzag = ReadVarint();
            long first = previous + unchecked((long)(int)((zigzag >> 1) ^ (uint)-(int)(zigzag & 1)));
            long last = first + ReadVarint();
            if (first < 0 || last > ushort.MaxValue)
            {
                throw Corrupt($"a port interval {first}-{last} is out of range");
            }

            previous = (int)first;
            return new PortInterval((ushort)first, (ushort)last);
        }
    }
}
