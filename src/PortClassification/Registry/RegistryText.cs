using System;
using System.Text;

namespace PortClassification;

/// <summary>Normalizes IANA's free text the same way for the XML and the CSV, so both give equal entries.</summary>
internal static class RegistryText
{
    /// <summary>The most characters of input an error message quotes.</summary>
    internal const int MaxExcerpt = 40;

    /// <summary>Quotes input for an exception message: control characters escaped, cut after <see cref="MaxExcerpt"/> characters.</summary>
    /// <param name="text">The input.</param>
    /// <returns>For example <c>'80-7x'</c> or <c>'999999…'</c>.</returns>
    internal static string Excerpt(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(MaxExcerpt + 8).Append('\'');
        for (int i = 0; i < text.Length; i++)
        {
            if (i == MaxExcerpt)
            {
                builder.Append('…');
                break;
            }

            char c = text[i];
            if (char.IsControl(c))
            {
                builder.Append(@"\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>
    /// Trims every line, drops blank lines at both ends and collapses runs of blank lines into one,
    /// because IANA's text carries the indentation of the XML it was written in.
    /// </summary>
    /// <returns>The normalized text; <see langword="null"/> when nothing but white space remains.</returns>
    internal static string? Normalize(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        bool pendingBlank = false;
        while (!text.IsEmpty)
        {
            int newline = text.IndexOf('\n');
            ReadOnlySpan<char> line = (newline < 0 ? text : text[..newline]).Trim();
            text = newline < 0 ? default : text[(newline + 1)..];
            if (line.IsEmpty)
            {
                pendingBlank = builder.Length > 0;
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(pendingBlank ? "\n\n" : "\n");
            }

            builder.Append(line);
            pendingBlank = false;
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>Joins references with ", ", the form <see cref="ServiceEntry.Reference"/> documents.</summary>
    internal static void AppendReference(StringBuilder builder, ReadOnlySpan<char> reference)
    {
        reference = reference.Trim();
        if (reference.IsEmpty)
        {
            return;
        }

        if (builder.Length > 0)
        {
            builder.Append(", ");
        }

        builder.Append(reference);
    }

    /// <summary>Writes an RFC reference as IANA prints it: "rfc9110" becomes "RFC9110".</summary>
    internal static string FormatRfc(string data) =>
        data.StartsWith("rfc", StringComparison.OrdinalIgnoreCase) ? string.Concat("RFC", data.AsSpan(3)) : data;
}
