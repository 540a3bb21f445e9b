using System;
using System.Collections.Generic;

namespace PortClassification.Internal;

/// <summary>One Windows excluded port range, and whether an administrator added it.</summary>
/// <param name="Range">The ports excluded.</param>
/// <param name="Administered">
/// <see langword="true"/> for an administered exclusion (netsh marks it <c>*</c>; added with
/// <c>netsh int ipv4 add excludedportrange</c>), <see langword="false"/> for one reserved by the system (Hyper-V, WinNAT,
/// Docker; these move after a restart), <see langword="null"/> when the source does not say.
/// </param>
internal readonly record struct WindowsExclusion(PortInterval Range, bool? Administered)
{
    /// <summary>
    /// Parses <c>netsh int ipv4 show excludedportrange protocol=tcp|udp</c> keeping the <c>*</c> mark of each row, which
    /// <see cref="NetshOutput.ParseExcludedPortRanges(ReadOnlySpan{char})"/> (the host settings' parser) merges away.
    /// Same layout rules: rows follow the first line of dashes, two numbers and an optional <c>*</c>; words are never
    /// read, because netsh translates them. Pure.
    /// </summary>
    /// <param name="text">netsh's standard output.</param>
    /// <returns>The rows in netsh's order, unmerged.</returns>
    /// <exception cref="FormatException">There is no table, a row is not two ascending port numbers, or the text is longer than <see cref="NetshOutput.MaxLength"/>.</exception>
    internal static WindowsExclusion[] ParseNetsh(ReadOnlySpan<char> text)
    {
        if (text.Length > NetshOutput.MaxLength)
        {
            throw new FormatException($"netsh printed more than {NetshOutput.MaxLength} characters.");
        }

        var rows = new List<WindowsExclusion>();
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

            ReadOnlySpan<char> first = line[..gap];
            ReadOnlySpan<char> last = line[gap..].TrimStart();
            if (!IsDigits(first) || !IsDigits(last))
            {
                continue;
            }

            if (!PortNumber.TryParse(first, out PortNumber start) || !PortNumber.TryParse(last, out PortNumber end) || start > end)
            {
                throw new FormatException($"netsh printed an excluded range that is not two ascending port numbers: \"{Shorten(line)}\".");
            }

            rows.Add(new WindowsExclusion(new PortInterval(start, end), administered));
        }

        if (!inTable)
        {
            throw new FormatException("netsh did not print a table of excluded port ranges (no line of dashes).");
        }

        return [.. rows];
    }

    /// <summary>Gets the ranges of host settings, which do not say who added them.</summary>
    /// <param name="ranges">The excluded ranges.</param>
    /// <returns>One exclusion per range, <see cref="Administered"/> unknown.</returns>
    internal static WindowsExclusion[] FromRanges(IReadOnlyList<PortInterval> ranges)
    {
        var exclusions = new WindowsExclusion[ranges.Count];
        for (int i = 0; i < exclusions.Length; i++)
        {
            exclusions[i] = new WindowsExclusion(ranges[i], null);
        }

        return exclusions;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    private static string Shorten(ReadOnlySpan<char> text) =>
        text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "…");
}
