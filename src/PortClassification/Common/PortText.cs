using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace PortClassification;

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

    /// <summary>Writes a port's decimal digits; on failure writes nothing and reports 0.</summary>
    /// <remarks>
    /// Delegates to the BCL's invariant integer formatter, whose two-digits-at-a-time loop is faster
    /// than anything worth maintaining here; the type test folds away when the JIT specialises.
    /// </remarks>
    internal static bool TryFormat<TChar>(ushort value, Span<TChar> destination, out int written)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        if (typeof(TChar) == typeof(char))
        {
            return value.TryFormat(MemoryMarshal.Cast<TChar, char>(destination), out written, default, CultureInfo.InvariantCulture);
        }

        return value.TryFormat(MemoryMarshal.Cast<TChar, byte>(destination), out written, default, CultureInfo.InvariantCulture);
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
