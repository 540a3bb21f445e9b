using System;

namespace PortClassification;

/// <summary>Unsigned decimal numbers in the ASCII text the kernel writes (procfs fields, /proc directory names).</summary>
internal static class AsciiDecimal
{
    /// <summary>Parses 1 to <paramref name="maxDigits"/> ASCII digits; no sign, no spaces.</summary>
    /// <param name="digits">The text.</param>
    /// <param name="maxDigits">The most digits accepted, at most 19, so the value always fits a <see cref="ulong"/>.</param>
    /// <param name="value">The number, or 0 on failure.</param>
    /// <returns><see langword="true"/> if <paramref name="digits"/> is 1 to <paramref name="maxDigits"/> ASCII digits.</returns>
    internal static bool TryParse(ReadOnlySpan<byte> digits, int maxDigits, out ulong value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > maxDigits)
        {
            return false;
        }

        ulong result = 0;
        foreach (byte c in digits)
        {
            uint digit = unchecked((uint)(c - '0'));
            if (digit > 9)
            {
                return false;
            }

            result = (result * 10) + digit;
        }

        value = result;
        return true;
    }
}
