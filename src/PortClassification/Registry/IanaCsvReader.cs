using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace PortClassification;

/// <summary>
/// Reads IANA's <c>service-names-port-numbers.csv</c> (12 columns, header first). The CSV carries no
/// "last updated" line, so the registry date is the newest registration or modification date in it.
/// </summary>
internal static class IanaCsvReader
{
    private static readonly string[] s_header =
    [
        "Service Name", "Port Number", "Transport Protocol", "Description", "Assignee", "Contact",
        "Registration Date", "Modification Date", "Reference", "Service Code", "Unauthorized Use Reported",
        "Assignment Notes",
    ];

    internal static RegistryData Read(Stream stream)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var csv = new Rfc4180Reader(text);
        var fields = new List<string>(s_header.Length);
        try
        {
            if (!csv.TryReadRecord(fields))
            {
                throw new FormatException("The IANA CSV is empty: it has no header line.");
            }

            if (fields.Count != s_header.Length || !HeaderMatches(fields))
            {
                throw new FormatException($"The IANA CSV's header (line 1) is not the 12 columns IANA writes: {string.Join(", ", s_header)}.");
            }

            var data = new RegistryData(default, [], [], 0, 0);
            DateOnly newest = DateOnly.MinValue;
            int record = 0, withoutPort = 0;
            while (csv.TryReadRecord(fields))
            {
                record++;
                if (fields.Count != s_header.Length)
                {
                    throw Error(record, csv.RecordLine, $"it has {fields.Count} fields, not {s_header.Length}");
                }

                newest = Max(newest, ParseDate(fields[6], record, csv.RecordLine));
                newest = Max(newest, ParseDate(fields[7], record, csv.RecordLine));
                if (fields[1].Length == 0)
                {
                    withoutPort++;
                    continue;
                }

                if (!PortInterval.TryParse(fields[1], out PortInterval ports))
                {
                    throw Error(record, csv.RecordLine, $"the port number {RegistryText.Excerpt(fields[1])} is not a port or a range 'first-last'");
                }

                if (!TransportText.TryParse(fields[2], out Transport? transport))
                {
                    throw Error(record, csv.RecordLine, $"the protocol {RegistryText.Excerpt(fields[2])} is not tcp, udp, sctp or dccp");
                }

                RegistryRecord.Add(data, fields[0].Trim(), ports, transport,
                    RegistryText.Normalize(fields[3]) ?? string.Empty, ParseReferences(fields[8]),
                    RegistryText.Normalize(fields[10]), RegistryText.Normalize(fields[11]));
            }

            if (record == 0)
            {
                throw new FormatException("The IANA CSV has a header but no records.");
            }

            return new RegistryData(newest, data.Services, data.Holds, record, withoutPort);
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException("The IANA CSV is not valid UTF-8.", e);
        }
    }

    private static bool HeaderMatches(List<string> fields)
    {
        for (int i = 0; i < s_header.Length; i++)
        {
            if (!fields[i].Trim().Equals(s_header[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses IANA's dates: <c>yyyy-MM-dd</c>, or <c>yyyy-MM</c> on old records, or empty.</summary>
    private static DateOnly ParseDate(string text, int record, int line)
    {
        if (text.Length == 0)
        {
            return DateOnly.MinValue;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day) ||
            DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return day;
        }

        throw Error(record, line, $"the date {RegistryText.Excerpt(text)} is not yyyy-MM-dd or yyyy-MM");
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>Turns the Reference column, <c>[RFC4727][RFC6335]</c>, into <c>RFC4727, RFC6335</c>; footnote marks such as <c>[1]</c> are dropped, as the XML reader drops them.</summary>
    private static string? ParseReferences(string column)
    {
        ReadOnlySpan<char> rest = column.AsSpan().Trim();
        if (rest.IsEmpty)
        {
            return null;
        }

        var builder = new StringBuilder();
        while (!rest.IsEmpty)
        {
            if (rest[0] != '[')
            {
                // Not IANA's bracket form: keep the rest as written.
                RegistryText.AppendReference(builder, rest);
                break;
            }

            int depth = 0, end = -1;
            for (int i = 0; i < rest.Length && end < 0; i++)
            {
                depth += rest[i] == '[' ? 1 : rest[i] == ']' ? -1 : 0;
                end = depth == 0 ? i : -1;
            }

            if (end < 0)
            {
                RegistryText.AppendReference(builder, rest);
                break;
            }

            ReadOnlySpan<char> item = rest[1..end];
            if (!IsFootnote(item))
            {
                RegistryText.AppendReference(builder, RegistryText.Normalize(item));
            }

            rest = rest[(end + 1)..].TrimStart();
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static bool IsFootnote(ReadOnlySpan<char> item) =>
        !item.IsEmpty && item.IndexOfAnyExceptInRange('0', '9') < 0;

    private static FormatException Error(int record, int line, string message) =>
        new($"The IANA CSV is invalid in record {record} (line {line}): {message}.");
}
