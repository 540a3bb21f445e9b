using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace PortClassification.Internal;

/// <summary>
/// Reads IANA's <c>service-names-port-numbers.xml</c>: the registry's <c>&lt;updated&gt;</c> date and
/// every <c>&lt;record&gt;</c>. Malformed or truncated input is a <see cref="FormatException"/> that
/// names the record and line; nothing is returned from a file that fails part-way.
/// </summary>
internal static class IanaXmlReader
{
    private const string Namespace = "http://www.iana.org/assignments";

    internal static RegistryData Read(Stream stream)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
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
            throw new FormatException($"The IANA XML is malformed {where}at line {e.LineNumber}, position {e.LinePosition}: {e.Message}", e);
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
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw Error(lineInfo, recordNumber, "the file ends before </registry>");
            }

            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Namespace)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "updated" when date is null:
                    int line = lineInfo.LineNumber;
                    string text = reader.ReadElementContentAsString().Trim();
                    if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly parsed))
                    {
                        throw new FormatException($"The IANA XML's <updated> date '{text}' at line {line} is not yyyy-MM-dd.");
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
                    reader.Skip();
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
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw Error(lineInfo, recordNumber, "the file ends inside the record");
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "name":
                    name = reader.ReadElementContentAsString().Trim();
                    break;
                case "protocol":
                    protocol = reader.ReadElementContentAsString().Trim();
                    break;
                case "number":
                    number = reader.ReadElementContentAsString().Trim();
                    break;
                case "description":
                    description = ReadMixedText(reader);
                    break;
                case "unauthorized":
                    unauthorized = ReadMixedText(reader);
                    break;
                case "note":
                    note = ReadMixedText(reader);
                    break;
                case "xref":
                    AppendReference(reader, references);
                    break;
                default:
                    // <assignee>, <contact>, <sc> and anything IANA adds later.
                    reader.Skip();
                    break;
            }
        }

        reader.Read();
        if (string.IsNullOrEmpty(number))
        {
            return false;
        }

        if (!PortInterval.TryParse(number, out PortInterval ports))
        {
            throw Error(line, recordNumber, $"the port number '{number}' is not a port or a range 'first-last'");
        }

        if (!TransportText.TryParse(protocol, out Transport? transport))
        {
            throw Error(line, recordNumber, $"the protocol '{protocol}' is not tcp, udp, sctp or dccp");
        }

        RegistryRecord.Add(data, name, ports, transport, description ?? string.Empty,
            references.Length == 0 ? null : references.ToString(), unauthorized, note);
        return true;
    }

    /// <summary>Adds a record-level <c>&lt;xref&gt;</c> to the references; people are contacts, not references.</summary>
    private static void AppendReference(XmlReader reader, StringBuilder references)
    {
        string? type = reader.GetAttribute("type");
        string? dataAttribute = reader.GetAttribute("data");
        string text = reader.ReadElementContentAsString().Trim();

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
    private static string? ReadMixedText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return null;
        }

        var builder = new StringBuilder();
        bool afterBreak = false;
        int depth = reader.Depth;
        reader.Read();
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
                    builder.Append(afterBreak ? reader.Value.AsSpan().TrimStart() : reader.Value);
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

            reader.Read();
        }

        reader.Read();
        return RegistryText.Normalize(builder.ToString());
    }

    private static FormatException Error(IXmlLineInfo lineInfo, int recordNumber, string message) =>
        Error(lineInfo.LineNumber, recordNumber, message);

    private static FormatException Error(int line, int recordNumber, string message) =>
        new(recordNumber > 0
            ? $"The IANA XML is invalid in record {recordNumber} (line {line}): {message}."
            : $"The IANA XML is invalid at line {line}: {message}.");
}
