using System;
using System.Text;

namespace PortClassification.Internal;

/// <summary>Normalizes IANA's free text the same way for the XML and the CSV, so both give equal entries.</summary>
internal static class RegistryText
{
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
