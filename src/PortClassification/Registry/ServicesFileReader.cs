using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace PortClassification;

/// <summary>
/// Parses the services(5) format: <c>name port/protocol [aliases…] [# comment]</c>, as in
/// <c>/etc/services</c> on Linux, macOS and the BSDs, and Windows' <c>drivers\etc\services</c>.
/// </summary>
internal static class ServicesFileReader
{
    /// <summary>The most characters of a bad line that an error message quotes.</summary>
    internal const int ExcerptLength = 40;

    internal static List<ServiceEntry> Read(Stream stream)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var entries = new List<ServiceEntry>();
        int number = 0;
        while (true)
        {
            string? line;
            try
            {
                line = text.ReadLine();
            }
            catch (DecoderFallbackException e)
            {
                throw new FormatException($"The services file is not valid UTF-8 after line {number}.", e);
            }

            if (line is null)
            {
                return entries;
            }

            number++;
            if (ParseLine(line, number) is { } entry)
            {
                entries.Add(entry);
            }
        }
    }

    /// <summary>Parses one line (without its line break).</summary>
    /// <returns>The entry, or <see langword="null"/> for a blank or comment line, or a protocol this library has no <see cref="Transport"/> for.</returns>
    /// <exception cref="FormatException">The line is malformed.</exception>
    internal static ServiceEntry? ParseLine(string line, int number)
    {
        ReadOnlySpan<char> content = line;
        string comment = string.Empty;
        int hash = content.IndexOf('#');
        if (hash >= 0)
        {
            comment = content[(hash + 1)..].Trim().ToString();
            content = content[..hash];
        }

        // Fields are separated by spaces and tabs; a stray CR (a CRLF file read as LF) is white space too.
        var fields = new List<string>(4);
        while (true)
        {
            content = content.TrimStart(" \t\r\f\v");
            if (content.IsEmpty)
            {
                break;
            }

            int end = content.IndexOfAny(" \t\r\f\v");
            fields.Add((end < 0 ? content : content[..end]).ToString());
            content = end < 0 ? default : content[end..];
        }

        if (fields.Count == 0)
        {
            return null;
        }

        if (fields.Count < 2)
        {
            throw Error(number, line, "it has a name but no port/protocol");
        }

        string name = fields[0];
        foreach (string field in fields)
        {
            if (HasControl(field))
            {
                throw Error(number, line, $"'{Escape(field)}' contains a control character");
            }
        }

        ReadOnlySpan<char> portProtocol = fields[1];
        int slash = portProtocol.IndexOf('/');
        if (slash <= 0 || slash == portProtocol.Length - 1)
        {
            throw Error(number, line, $"'{Escape(fields[1])}' is not port/protocol");
        }

        ReadOnlySpan<char> portText = portProtocol[..slash];
        if (portText.ContainsAnyExceptInRange('0', '9') || portText.Length > 5 ||
            !ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
        {
            throw Error(number, line, $"the port '{Escape(portText.ToString())}' is not a number from 0 to 65535");
        }

        ReadOnlySpan<char> protocol = portProtocol[(slash + 1)..];
        if (protocol.ContainsAnyExcept(ProtocolCharacters))
        {
            throw Error(number, line, $"the protocol '{Escape(protocol.ToString())}' is not a protocol name (letters, digits and '-')");
        }

        if (!TransportText.TryParse(protocol, out Transport? transport) || transport is null)
        {
            // A protocol without a Transport (ddp, for example) is valid in the format but not ours to report.
            return null;
        }

        return new ServiceEntry(name, new PortInterval(port), transport, comment, ServiceOrigin.Host)
        {
            Aliases = fields.Count > 2 ? fields[2..] : [],
        };
    }

    private static readonly System.Buffers.SearchValues<char> ProtocolCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    private static bool HasControl(string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes control and non-ASCII characters as <c>\xNN</c> or <c>\uNNNN</c> so an error message stays one readable line.</summary>
    internal static string Escape(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, ExcerptLength) + 8);
        foreach (char c in text)
        {
            if (builder.Length >= ExcerptLength)
            {
                builder.Append('…');
                break;
            }

            if (c is >= ' ' and < '\x7f' && c != '\\')
            {
                builder.Append(c);
            }
            else if (c == '\\')
            {
                builder.Append(@"\\");
            }
            else if (c <= '\xff')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return builder.ToString();
    }

    private static FormatException Error(int number, string line, string reason) =>
        new($"The services file is malformed at line {number} (\"{Escape(line)}\"): {reason}.");
}
