using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO.Compression;
using System.Text;

namespace PortClassification.RegistryCompiler;

/// <summary>
/// Writes the compact registry table (<c>iana-services.bin</c>) whose layout <see cref="RegistryTable"/> documents and reads.
/// Only this compiler writes tables; the library only reads them.
/// </summary>
internal static class RegistryTableWriter
{
    /// <summary>Serializes a registry's services and holds; the inverse of <see cref="RegistryTable.Read"/>.</summary>
    internal static byte[] Write(RegistryData data)
    {
        byte[] payload = WritePayload(data);
        byte[] compressed = new byte[BrotliEncoder.GetMaxCompressedLength(payload.Length)];
        if (!BrotliEncoder.TryCompress(payload, compressed, out int compressedLength, quality: 11, window: 22))
        {
            throw new InvalidOperationException("Brotli could not compress the registry table.");
        }

        byte[] table = new byte[RegistryTable.HeaderLength + compressedLength];
        Span<byte> header = table.AsSpan(0, RegistryTable.HeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header, RegistryTable.Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], RegistryTable.FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], data.Date.DayNumber);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], compressedLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], RegistryTable.Hash(header[..20], payload));
        compressed.AsSpan(0, compressedLength).CopyTo(table.AsSpan(RegistryTable.HeaderLength));
        return table;
    }

    private static byte[] WritePayload(RegistryData data)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal) { [string.Empty] = 0 };
        var order = new List<string> { string.Empty };
        foreach (ServiceEntry entry in data.Services)
        {
            foreach (string? s in (ReadOnlySpan<string?>)[entry.Name, entry.Description, entry.Reference, entry.UnauthorizedUse, entry.Note])
            {
                AddString(strings, order, s);
            }
        }

        foreach (ServiceEntry entry in data.KnownUses)
        {
            foreach (string? s in (ReadOnlySpan<string?>)[entry.Name, entry.Description, entry.Citation ?? string.Empty])
            {
                AddString(strings, order, s);
            }

            foreach (string alias in entry.Aliases)
            {
                AddString(strings, order, alias);
            }
        }

        var output = new List<byte>(512 * 1024);
        WriteVarint(output, (uint)order.Count);
        foreach (string s in order)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(s);
            WriteVarint(output, (uint)bytes.Length);
            output.AddRange(bytes);
        }

        int previous = 0;
        WriteVarint(output, (uint)data.Services.Count);
        foreach (ServiceEntry entry in data.Services)
        {
            WritePorts(output, entry.Ports, ref previous);
            int flags = TransportCode(entry.Transport) |
                (entry.Reference is null ? 0 : RegistryTable.HasReference) |
                (entry.UnauthorizedUse is null ? 0 : RegistryTable.HasUnauthorized) |
                (entry.Note is null ? 0 : RegistryTable.HasNote);
            output.Add((byte)flags);
            WriteVarint(output, (uint)strings[entry.Name]);
            WriteVarint(output, (uint)strings[entry.Description]);
            foreach (string? s in (ReadOnlySpan<string?>)[entry.Reference, entry.UnauthorizedUse, entry.Note])
            {
                if (s is not null)
                {
                    WriteVarint(output, (uint)strings[s]);
                }
            }
        }

        previous = 0;
        WriteVarint(output, (uint)data.Holds.Count);
        foreach (PortHold hold in data.Holds)
        {
            WritePorts(output, hold.Ports, ref previous);
            output.Add((byte)(TransportCode(hold.Transport) | (hold.Kind == HoldKind.Reserved ? RegistryTable.IsReserved : 0)));
        }

        previous = 0;
        WriteVarint(output, (uint)data.KnownUses.Count);
        foreach (ServiceEntry entry in data.KnownUses)
        {
            WritePorts(output, entry.Ports, ref previous);
            output.Add((byte)TransportCode(entry.Transport));
            WriteVarint(output, (uint)strings[entry.Name]);
            WriteVarint(output, (uint)strings[entry.Description]);
            WriteVarint(output, (uint)strings[entry.Citation ?? string.Empty]);
            output.Add((byte)entry.Category);
            output.Add((byte)entry.Platforms);
            WriteVarint(output, (uint)entry.Aliases.Count);
            foreach (string alias in entry.Aliases)
            {
                WriteVarint(output, (uint)strings[alias]);
            }
        }

        return [.. output];
    }

    private static void AddString(Dictionary<string, int> strings, List<string> order, string? s)
    {
        if (s is not null && strings.TryAdd(s, order.Count))
        {
            order.Add(s);
        }
    }

    private static int TransportCode(Transport? transport) => transport is { } t ? (int)t : RegistryTable.AnyTransport;

    private static void WritePorts(List<byte> output, PortInterval ports, ref int previous)
    {
        int delta = ports.First.Value - previous;
        WriteVarint(output, unchecked((uint)((delta << 1) ^ (delta >> 31))));
        WriteVarint(output, (uint)(ports.Last.Value - ports.First.Value));
        previous = ports.First.Value;
    }

    private static void WriteVarint(List<byte> output, uint value)
    {
        while (value >= 0x80)
        {
            output.Add(unchecked((byte)(value | 0x80)));
            value >>= 7;
        }

        output.Add((byte)value);
    }
}
