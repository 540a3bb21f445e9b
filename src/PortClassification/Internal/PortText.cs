using System;
using System.Numerics;

namespace PortClassification.Internal;

/// <summary>
/// Strict, culture-invariant decimal text for port numbers, shared by UTF-16 and UTF-8 callers.
/// </summary>
/// <remarks>
/// Accepted: one or more ASCII digits whose value is at most 65535. Leading zeros are accepted, as
/// <see cref="ushort.Parse(string)"/> with <see cref="System.Globalization.NumberStyles.None"/> accepts them.
/// Rejected: empty text, signs, white space, hex prefixes, group separators and non-ASCII digits.
/// </remarks>
internal static class PortText
{
    /// <summary>The longest text a port number formats to ("65535").</summary>
    internal const int MaxFormattedLength = 5;

    internal static bool TryParse<TChar>(ReadOnlySpan<TChar> text, out ushort value)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        uint result = 0;
        foreach (TChar c in text)
        {
            uint digit = unchecked(uint.CreateTruncating(c) - '0');
            if (digit > 9)
            {
                return false;
            }

            result = (result * 10) + digit;
            if (result > ushort.MaxValue)
            {
                // Stops long inputs early and can never overflow: result ≤ 655359 here.
                return false;
            }
        }

        value = (ushort)result;
        return true;
    }

    internal static int CountDigits(ushort value) =>
        value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : 5;

    internal static bool TryFormat<TChar>(ushort value, Span<TChar> destination, out int written)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        int length = CountDigits(value);
        if (destination.Length < length)
        {
            written = 0;
            return false;
        }

        uint remaining = value;
        for (int i = length - 1; i >= 0; i--)
        {
            (remaining, uint digit) = Math.DivRem(remaining, 10u);
            destination[i] = TChar.CreateTruncating('0' + digit);
        }

        written = length;
        return true;
    }

    /// <summary>Validates a standard numeric format string: only decimal ("", "G", "D") makes sense for a port.</summary>
    internal static void ValidateFormat(ReadOnlySpan<char> format)
    {
        if (format.Length == 0)
        {
            return;
        }

        if (format.Length == 1 && format[0] is 'G' or 'g' or 'D' or 'd')
        {
            return;
        }

        ThrowHelper.ThrowUnsupportedFormatString();
    }
}
