using System;
using System.Buffers.Binary;
using System.Text;

namespace PortClassification;

/// <summary>
/// Walks the <c>struct nlattr</c> list of a netlink message (<c>&lt;linux/netlink.h&gt;</c>): a 2-byte length that counts
/// the 4-byte header, a 2-byte type, the payload, padding to 4 bytes. Every length is checked against the span, so
/// malformed input ends in a <see cref="FormatException"/>, never an out-of-range read.
/// </summary>
internal ref struct NlAttributes
{
    private const int NlaTypeMask = 0x3FFF; // ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)
    private ReadOnlySpan<byte> _rest;

    public NlAttributes(ReadOnlySpan<byte> attributes)
    {
        _rest = attributes;
        Type = 0;
        Payload = default;
    }

    /// <summary>Gets the type of the current attribute, without the nested and byte-order flags.</summary>
    public int Type { get; private set; }

    /// <summary>Gets the payload of the current attribute.</summary>
    public ReadOnlySpan<byte> Payload { get; private set; }

    /// <summary>Moves to the next attribute.</summary>
    /// <returns><see langword="false"/> at the end.</returns>
    /// <exception cref="FormatException">An attribute's length is too short or runs past the end.</exception>
    public bool MoveNext()
    {
        if (_rest.Length < 4)
        {
            // Trailing bytes shorter than a header are padding; anything else is a broken list.
            if (_rest.IndexOfAnyExcept((byte)0) >= 0)
            {
                throw new FormatException("A netlink attribute list ends in a partial attribute header.");
            }

            return false;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
        if (length < 4 || length > _rest.Length)
        {
            throw new FormatException($"A netlink attribute of length {length} does not fit the {_rest.Length} bytes left.");
        }

        Type = BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]) & NlaTypeMask;
        Payload = _rest[4..length];
        int next = (length + 3) & ~3;
        _rest = next >= _rest.Length ? default : _rest[next..];
        return true;
    }

    /// <summary>Reads a NUL-terminated string attribute (the NUL and anything after it are dropped).</summary>
    public static string String(ReadOnlySpan<byte> payload)
    {
        int end = payload.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? payload : payload[..end]);
    }

    /// <summary>Reads a big-endian 32-bit attribute, as nf_tables sends its integers.</summary>
    /// <exception cref="FormatException">The payload is not 4 bytes.</exception>
    public static uint U32(ReadOnlySpan<byte> payload) =>
        payload.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(payload) : throw new FormatException($"A 32-bit netlink attribute has {payload.Length} bytes.");

    /// <summary>Reads a big-endian 64-bit attribute (handles).</summary>
    /// <exception cref="FormatException">The payload is not 8 bytes.</exception>
    public static ulong U64(ReadOnlySpan<byte> payload) =>
        payload.Length == 8 ? BinaryPrimitives.ReadUInt64BigEndian(payload) : throw new FormatException($"A 64-bit netlink attribute has {payload.Length} bytes.");
}
