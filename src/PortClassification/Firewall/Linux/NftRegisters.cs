using System;

namespace PortClassification;

/// <summary>
/// The 64-byte data register area of nf_tables with what the evaluator knows about each bit: a byte's
/// <see cref="Known"/> mask says which of its bits hold a certain value, <see cref="Origin"/> names what an uncertain
/// byte came from ("the source address") so a verdict that depends on it can say so.
/// </summary>
internal sealed class NftRegisters
{
    public const int Size = 64;
    public const string InterfaceName = "the input interface";
    public const string InterfaceIndex = "the input interface (index)";

    public byte[] Value { get; private init; } = new byte[Size];

    public byte[] Known { get; private init; } = new byte[Size];

    public string?[] Origin { get; private init; } = new string?[Size];

    /// <summary>Gets or sets a value indicating whether a <c>notrack</c> ran, which makes the conntrack state UNTRACKED.</summary>
    public bool Untracked { get; set; }

    public NftRegisters Clone() => new() { Value = (byte[])Value.Clone(), Known = (byte[])Known.Clone(), Origin = (string?[])Origin.Clone(), Untracked = Untracked };

    /// <summary>Determines whether <paramref name="length"/> bytes from <paramref name="offset"/> lie inside the area.</summary>
    public static bool Fits(int offset, long length) => offset >= 0 && length >= 0 && offset + length <= Size;

    public void SetKnown(int offset, ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            Value[offset + i] = bytes[i];
            Known[offset + i] = 0xFF;
            Origin[offset + i] = null;
        }

        PadToWord(offset, bytes.Length);
    }

    /// <summary>
    /// Zeroes the rest of the last 32-bit register a load of <paramref name="length"/> bytes touched, as the kernel does
    /// (<c>nft_payload_eval</c>, <c>nft_reg_store8</c>, <c>nft_data_copy</c>): a concatenated key relies on those zeros.
    /// </summary>
    public void PadToWord(int offset, int length)
    {
        for (int i = offset + length; i < Math.Min(Size, offset + ((length + 3) & ~3)); i++)
        {
            Value[i] = 0;
            Known[i] = 0xFF;
            Origin[i] = null;
        }
    }

    public void SetUnknown(int offset, int length, string origin)
    {
        for (int i = offset; i < Math.Min(Size, offset + length); i++)
        {
            Value[i] = 0;
            Known[i] = 0;
            Origin[i] = origin;
        }
    }

    /// <summary>Gets what the first uncertain byte of a range came from.</summary>
    public string OriginOf(int offset, int length)
    {
        for (int i = offset; i < offset + length; i++)
        {
            if (Known[i] != 0xFF)
            {
                return Origin[i] ?? "an unknown value";
            }
        }

        return "a known value";
    }

    /// <summary>Compares the register bytes with <paramref name="data"/> as <c>memcmp</c> does: -1, 0, 1, or <see langword="null"/> when uncertain.</summary>
    public int? Compare(int offset, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            int known = Known[offset + i];
            int low = Value[offset + i] & known, high = low | (~known & 0xFF);
            if (high < data[i])
            {
                return -1;
            }

            if (low > data[i])
            {
                return 1;
            }

            if (known != 0xFF)
            {
                return null;
            }
        }

        return 0;
    }

    /// <summary>Determines whether the register bytes equal <paramref name="data"/>, with certainty where a known bit differs.</summary>
    public Truth Equal(int offset, ReadOnlySpan<byte> data)
    {
        bool certain = true;
        for (int i = 0; i < data.Length; i++)
        {
            int known = Known[offset + i];
            if (((Value[offset + i] ^ data[i]) & known) != 0)
            {
                return Truth.False;
            }

            certain &= known == 0xFF;
        }

        return certain ? Truth.True : Truth.Unknown;
    }
}
