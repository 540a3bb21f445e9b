using System;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// Parses the output of <c>netsh int ipv4|ipv6 show dynamicport</c> and <c>show excludedportrange</c>.
/// Pure: text in, value or <see cref="FormatException"/> out.
/// </summary>
/// <remarks>
/// netsh translates its labels (English "Start Port", French "Port de démarrage", Spanish "Puerto
/// inicial", Chinese "开始端口", …), and translations even change the word order, so these parsers read
/// numbers and layout only, never words. Line ends may be CRLF or LF; trailing spaces are ignored.
/// </remarks>
internal static class NetshOutput
{
    /// <summary>The most text either parser accepts; real output is a few hundred characters per 10 exclusions.</summary>
    internal const int MaxLength = 1 << 20;

    /// <summary>
    /// Parses <c>show dynamicport</c>: exactly two lines that end in a number after a label (<c>label : digits</c>),
    /// the first the start port and the second the number of ports; other lines are ignored.
    /// </summary>
    /// <remarks>
    /// The separator is not looked for: netsh writes to a pipe in the OEM code page (936 on Chinese Windows, where the
    /// full-width colon is the bytes A3 BA), and read as UTF-8 the colon and the label become U+FFFD replacement
    /// characters. So a value is the trailing run of ASCII digits of a line, when something precedes it and the
    /// character just before it is not a letter (so <c>ipv4</c> in a title is a label, not a number).
    /// </remarks>
    internal static PortInterval ParseDynamicPortRange(ReadOnlySpan<char> text)
    {
        CheckLength(text);
        Span<int> numbers = stackalloc int[2];
        int found = 0;
        foreach (ReadOnlySpan<char> rawLine in text.EnumerateLines())
        {
            ReadOnlySpan<char> line = rawLine.TrimEnd();
            int digitsStart = line.LastIndexOfAnyExceptInRange('0', '9') + 1;
            ReadOnlySpan<char> value = line[digitsStart..];
            if (value.IsEmpty || line[..digitsStart].IsWhiteSpace() || char.IsLetter(line[digitsStart - 1]))
            {
                continue;
            }

            if (!TryParseNumber(value, out int number))
            {
                throw new FormatException($"netsh printed a number too large for a port range: \"{Shorten(value)}\".");
            }

            if (found == numbers.Length)
            {
                throw new FormatException("netsh printed more than two values for a dynamic port range.");
            }

            numbers[found++] = number;
        }

        if (found != 2)
        {
            throw new FormatException("netsh did not print the two values of a dynamic port range (start port and number of ports).");
        }

        int start = numbers[0];
        int count = numbers[1];
        if (count < 1 || start + (long)count - 1 > ushort.MaxValue)
        {
            throw new FormatException($"netsh printed start port {start} and {count} ports, which is not a range of port numbers.");
        }

        return new PortInterval((ushort)start, (ushort)(start + count - 1));
    }

    /// <summary>
    /// Parses <c>show excludedportrange</c> into the ranges, sorted and merged (see <see cref="ParseExcludedPortRangeEntries"/>).
    /// </summary>
    internal static PortInterval[] ParseExcludedPortRanges(ReadOnlySpan<char> text)
    {
        ReservedPortRange[] entries = ParseExcludedPortRangeEntries(text);
        return Merge(entries);
    }

    /// <summary>
    /// Parses <c>show excludedportrange</c>: after the first line of dashes (the table's underline), every
    /// line <c>start end</c>, optionally followed by <c>*</c> (an administered exclusion), is a range; other
    /// lines (titles, headings, the legend) are ignored. Returns one entry per line, with its <c>*</c> flag,
    /// sorted by first then last port and not merged (adjacent entries may differ in the flag).
    /// </summary>
    internal static ReservedPortRange[] ParseExcludedPortRangeEntries(ReadOnlySpan<char> text)
    {
        CheckLength(text);
        var ranges = new List<ReservedPortRange>();
        bool inTable = false;
        foreach (ReadOnlySpan<char> rawLine in text.EnumerateLines())
        {
            ReadOnlySpan<char> line = rawLine.Trim();
            if (!inTable)
            {
                inTable = line.Length != 0 && line[0] == '-' && !line.ContainsAnyExcept("- \t");
                continue;
            }

            bool administered = line.Length != 0 && line[^1] == '*';
            if (administered)
            {
                line = line[..^1].TrimEnd();
            }

            int gap = line.IndexOfAny(' ', '\t');
            if (gap < 0)
            {
                continue;
            }

            ReadOnlySpan<char> startText = line[..gap];
            ReadOnlySpan<char> endText = line[gap..].TrimStart();
            if (!IsDigits(startText) || !IsDigits(endText))
            {
                continue;
            }

            if (!TryParseNumber(startText, out int start) || !TryParseNumber(endText, out int end) ||
                start > ushort.MaxValue || end > ushort.MaxValue || start > end)
            {
                throw new FormatException($"netsh printed an excluded range that is not two ascending port numbers: \"{Shorten(line)}\".");
            }

            ranges.Add(new ReservedPortRange(new PortInterval((ushort)start, (ushort)end), administered));
        }

        if (!inTable)
        {
            throw new FormatException("netsh did not print a table of excluded port ranges (no line of dashes).");
        }

        ranges.Sort(static (a, b) => a.Interval.First != b.Interval.First
            ? a.Interval.First.CompareTo(b.Interval.First)
            : a.Interval.Last != b.Interval.Last ? a.Interval.Last.CompareTo(b.Interval.Last) : a.IsAdministered.CompareTo(b.IsAdministered));
        return [.. ranges];
    }

    /// <summary>Merges parsed entries into the sorted, merged intervals they cover.</summary>
    internal static PortInterval[] Merge(ReservedPortRange[] entries)
    {
        var intervals = new List<PortInterval>(entries.Length);
        foreach (ReservedPortRange entry in entries)
        {
            intervals.Add(entry.Interval);
        }

        return PortIntervalList.Normalize(intervals);
    }

    private static void CheckLength(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength)
        {
            throw new FormatException($"netsh printed more than {MaxLength} characters.");
        }
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>Parses ASCII digits into a non-negative int; more than 9 significant digits is too large for any port count.</summary>
    private static bool TryParseNumber(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        ReadOnlySpan<char> digits = text.TrimStart('0');
        if (!IsDigits(text) || digits.Length > 9)
        {
            return false;
        }

        foreach (char c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static string Shorten(ReadOnlySpan<char> text) =>
        text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "…");
}
