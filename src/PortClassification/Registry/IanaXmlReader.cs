using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace PortClassification;

/// <summary>
/// Reads IANA's <c>service-names-port-numbers.xml</c>: the registry's <c>&lt;updated&gt;</c> date and
/// every <c>&lt;record&gt;</c>. Malformed or truncated input is a <see cref="FormatException"/> that
/// names the record and line; nothing is returned from a file that fails part-way.
/// </summary>
internal static class IanaXmlReader
{
    private const string Namespace = "http://www.iana.org/assignments";

    /// <summary>The most characters the document may hold: IANA's file has about 5 million; far more is not a registry.</summary>
    internal const long MaxCharacters = 64L * 1024 * 1024;

    /// <summary>The deepest element nesting accepted: IANA's is 5 (registry, record, note, paragraph, xref).</summary>
    internal const int MaxDepth = 16;

    /// <summary>The most characters a record's text fields may hold together (IANA's longest has a few thousand).</summary>
    internal const int MaxRecordCharacters = 256 * 1024;

    /// <summary>The most characters of a parser message kept in the exception (a message may quote a huge name).</summary>
    private const int MaxMessage = 200;

    internal static RegistryData Read(Stream stream)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
            // Bounds memory and time on hostile input: the reader keeps state per nesting level and whole text nodes.
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 0,
        };

        int recordNumber = 0;
        using var reader = XmlReader.Create(stream, settings);
        var lineInfo = (IXmlLineInfo)reader;
        try
        {
            return ReadRegistry(reader, lineInfo, ref recordNumber);
        }
        catch (XmlException e)
        {
            string where = recordNumber > 0 ? $"in record {recordNumber} " : string.Empty;
            throw new FormatException($"The IANA XML is malformed {where}at line {e.LineNumber}, position {e.LinePosition}: {Shorten(e.Message)}", e);
        }
    }

    private static RegistryData ReadRegistry(XmlReader reader, IXmlLineInfo lineInfo, ref int recordNumber)
    {
        reader.MoveToContent();
        if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "registry" || reader.NamespaceURI != Namespace)
        {
            throw Error(lineInfo, 0, $"the root element must be <registry xmlns=\"{Namespace}\">");
        }

        DateOnly? date = null;
        var data = new RegistryData(default, [], [], 0, 0);
        int withoutPort = 0;
        int depth = reader.Depth;
        Next(reader, lineInfo, recordNumber);
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw Error(lineInfo, recordNumber, "the file ends before </registry>");
            }

            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Namespace)
            {
                Next(reader, lineInfo, recordNumber);
                continue;
            }

            switch (reader.LocalName)
            {
                case "updated" when date is null:
                    int line = lineInfo.LineNumber;
                    string text = ReadSimpleText(reader, lineInfo, recordNumber).Trim();
                    if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly parsed))
                    {
                        throw new FormatException($"The IANA XML's <updated> date {RegistryText.Excerpt(text)} at line {line} is not yyyy-MM-dd.");
                    }

                    date = parsed;
                    break;
                case "record":
                    recordNumber++;
                    if (!ReadRecord(reader, lineInfo, recordNumber, data))
                    {
                        withoutPort++;
                    }

                    break;
                default:
                    Skip(reader, lineInfo, recordNumber);
                    break;
            }
        }

        if (date is null)
        {
            throw Error(lineInfo, 0, "the registry has no <updated> date");
        }

        if (recordNumber == 0)
        {
            throw Error(lineInfo, 0, "the registry has no <record> elements");
        }

        // Read to the end so a file cut after </registry>'s last record still fails as XML.
        while (reader.Read())
        {
        }

        return new RegistryData(date.Value, data.Services, data.Holds, recordNumber, withoutPort);
    }

    /// <returns><see langword="false"/> when the record has no port number (a service name only).</returns>
    private static bool ReadRecord(XmlReader reader, IXmlLineInfo lineInfo, int recordNumber, RegistryData data)
    {
        int line = lineInfo.LineNumber;
        string? name = null, protocol = null, number = null, description = null, unauthorized = null, note = null;
        var references = new StringBuilder();
        if (reader.IsEmptyElement)
        {
            throw Error(lineInfo, recordNumber, "the record is empty");
        }

        int depth = reader.Depth;
        Next(reader, lineInfo, recordNumber);
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw Error(lineInfo, recordNumber, "the file ends inside the record");
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                Next(reader, lineInfo, recordNumber);
                continue;
            }

            switch (reader.LocalName)
            {
                case "name":
                    name = ReadSimpleText(reader, lineInfo, recordNumber).Trim();
                    break;
                case "protocol":
                    protocol = ReadSimpleText(reader, lineInfo, recordNumber).Trim();
                    break;
                case "number":
                    number = ReadSimpleText(reader, lineInfo, recordNumber).Trim();
                    break;
                case "description":
                    description = ReadMixedText(reader, lineInfo, recordNumber);
                    break;
                case "unauthorized":
                    unauthorized = ReadMixedText(reader, lineInfo, recordNumber);
                    break;
                case "note":
                    note = ReadMixedText(reader, lineInfo, recordNumber);
                    break;
                case "xref":
                    AppendReference(reader, lineInfo, recordNumber, references);
                    break;
                default:
                    // <assignee>, <contact>, <sc> and anything IANA adds later.
                    Skip(reader, lineInfo, recordNumber);
                    break;
            }

            long size = (long)(name?.Length ?? 0) + (protocol?.Length ?? 0) + (number?.Length ?? 0) + (description?.Length ?? 0)
                + (unauthorized?.Length ?? 0) + (note?.Length ?? 0) + references.Length;
            if (size > MaxRecordCharacters)
            {
                throw Error(line, recordNumber, $"the record holds more than {MaxRecordCharacters} characters of text");
            }
        }

        Next(reader, lineInfo, recordNumber);
        if (string.IsNullOrEmpty(number))
        {
            return false;
        }

        if (!PortInterval.TryParse(number, out PortInterval ports))
        {
            throw Error(line, recordNumber, $"the port number {RegistryText.Excerpt(number)} is not a port or a range 'first-last'");
        }

        if (!TransportText.TryParse(protocol, out Transport? transport))
        {
            throw Error(line, recordNumber, $"the protocol {RegistryText.Excerpt(protocol)} is not tcp, udp, sctp or dccp");
        }

        RegistryRecord.Add(data, name, ports, transport, description ?? string.Empty,
            references.Length == 0 ? null : references.ToString(), unauthorized, note);
        return true;
    }

    /// <summary>Adds a record-level <c>&lt;xref&gt;</c> to the references; people are contacts, not references.</summary>
    private static void AppendReference(XmlReader reader, IXmlLineInfo lineInfo, int recordNumber, StringBuilder references)
    {
        string? type = reader.GetAttribute("type");
        string? dataAttribute = reader.GetAttribute("data");
        string text = ReadSimpleText(reader, lineInfo, recordNumber).Trim();

        switch (type)
        {
            case "rfc" when dataAttribute is not null:
                RegistryText.AppendReference(references, RegistryText.FormatRfc(dataAttribute));
                break;
            case "draft" or "uri" or "text":
                RegistryText.AppendReference(references, text.Length > 0 ? text : dataAttribute);
                break;
        }
    }

    /// <summary>
    /// Reads an element whose content mixes text with <c>&lt;br/&gt;</c>, <c>&lt;paragraph&gt;</c> and
    /// <c>&lt;xref&gt;</c>, and returns it as plain text (references in brackets, as IANA prints them).
    /// </summary>
    private static string? ReadMixedText(XmlReader reader, IXmlLineInfo lineInfo, int recordNumber)
    {
        if (reader.IsEmptyElement)
        {
            Next(reader, lineInfo, recordNumber);
            return null;
        }

        var builder = new StringBuilder();
        bool afterBreak = false;
        int depth = reader.Depth;
        Next(reader, lineInfo, recordNumber);
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw new XmlException("The file ends inside a text element.");
            }

            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    // IANA writes "<br/>" then a newline for layout: the break is the <br/>, not both.
                    int start = builder.Length;
                    AppendValue(reader, builder, lineInfo, recordNumber);
                    if (afterBreak)
                    {
                        int end = start;
                        while (end < builder.Length && char.IsWhiteSpace(builder[end]))
                        {
                            end++;
                        }

                        builder.Remove(start, end - start);
                    }

                    afterBreak = false;
                    break;
                case XmlNodeType.Element when reader.LocalName == "br":
                    builder.Append('\n');
                    afterBreak = true;
                    break;
                case XmlNodeType.Element when reader.LocalName == "xref":
                    string? type = reader.GetAttribute("type");
                    string? data = reader.GetAttribute("data");
                    if (reader.IsEmptyElement && data is not null)
                    {
                        builder.Append('[').Append(type == "rfc" ? RegistryText.FormatRfc(data) : data).Append(']');
                    }

                    break;
                case XmlNodeType.EndElement when reader.LocalName == "paragraph":
                    builder.Append("\n\n");
                    break;
            }

            if (builder.Length > MaxRecordCharacters)
            {
                throw Error(lineInfo, recordNumber, $"the record holds more than {MaxRecordCharacters} characters of text");
            }

            Next(reader, lineInfo, recordNumber);
        }

        Next(reader, lineInfo, recordNumber);
        return RegistryText.Normalize(builder.ToString());
    }

    /// <summary>
    /// Reads an element that holds text only (like <see cref="XmlReader.ReadElementContentAsString()"/>) and moves past it,
    /// refusing more than <see cref="MaxRecordCharacters"/> characters before holding them.
    /// </summary>
    private static string ReadSimpleText(XmlReader reader, IXmlLineInfo lineInfo, int recordNumber)
    {
        if (reader.IsEmptyElement)
        {
            Next(reader, lineInfo, recordNumber);
            return string.Empty;
        }

        string element = reader.LocalName;
        var builder = new StringBuilder();
        int depth = reader.Depth;
        Next(reader, lineInfo, recordNumber);
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    AppendValue(reader, builder, lineInfo, recordNumber);
                    break;
                case XmlNodeType.Element:
                    throw Error(lineInfo, recordNumber, $"<{element}> must hold text only, not elements");
                case XmlNodeType.None:
                    throw Error(lineInfo, recordNumber, $"the file ends inside <{element}>");
            }

            Next(reader, lineInfo, recordNumber);
        }

        Next(reader, lineInfo, recordNumber);
        return builder.ToString();
    }

    /// <summary>Appends the current text node in chunks, so text longer than a record may hold is refused before it is all in memory.</summary>
    private static void AppendValue(XmlReader reader, StringBuilder builder, IXmlLineInfo lineInfo, int recordNumber)
    {
        if (!reader.CanReadValueChunk)
        {
            builder.Append(reader.Value);
        }
        else
        {
            char[] chunk = System.Buffers.ArrayPool<char>.Shared.Rent(4096);
            try
            {
                int read;
                while ((read = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                {
                    builder.Append(chunk, 0, read);
                    if (builder.Length > MaxRecordCharacters)
                    {
                        break;
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<char>.Shared.Return(chunk);
            }
        }

        if (builder.Length > MaxRecordCharacters)
        {
            throw Error(lineInfo, recordNumber, $"the record holds more than {MaxRecordCharacters} characters of text");
        }
    }

    /// <summary>Moves to the next node, refusing nesting deeper than <see cref="MaxDepth"/>.</summary>
    private static void Next(XmlReader reader, IXmlLineInfo lineInfo, int recordNumber)
    {
        if (reader.Read() && reader.Depth > MaxDepth)
        {
            throw Error(lineInfo, recordNumber, $"elements are nested more than {MaxDepth} deep");
        }
    }

    /// <summary>Skips the current element and its content, like <see cref="XmlReader.Skip"/>, within <see cref="MaxDepth"/>.</summary>
    private static void Skip(XmlReader reader, IXmlLineInfo lineInfo, int recordNumber)
    {
        if (reader.NodeType != XmlNodeType.Element || reader.IsEmptyElement)
        {
            Next(reader, lineInfo, recordNumber);
            return;
        }

        int depth = reader.Depth;
        do
        {
            Next(reader, lineInfo, recordNumber);
        }
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth));

        Next(reader, lineInfo, recordNumber);
    }

    private static string Shorten(string message)
    {
        string oneLine = message.ReplaceLineEndings(" ");
        return oneLine.Length <= MaxMessage ? oneLine : string.Concat(oneLine.AsSpan(0, MaxMessage), "…");
    }

    private static FormatException Error(IXmlLineInfo lineInfo, int recordNumber, string message) =>
        Error(lineInfo.LineNumber, recordNumber, message);

    private static FormatException Error(int line, int recordNumber, string message) =>
        new(recordNumber > 0
            ? $"The IANA XML is invalid in record {recordNumber} (line {line}): {message}."
            : $"The IANA XML is invalid at line {line}: {message}.");
}
