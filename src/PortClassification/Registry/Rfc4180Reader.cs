using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace PortClassification;

/// <summary>
/// A strict RFC 4180 CSV reader: fields separated by commas, records by CRLF (a bare LF is accepted
/// too), fields that contain a comma, quote or line break enclosed in double quotes, and a quote inside
/// such a field written twice. Line breaks inside quoted fields belong to the field.
/// </summary>
/// <remarks>
/// Anything RFC 4180 does not allow — a quote inside an unquoted field, text after a closing quote,
/// a quoted field the input never closes — is a <see cref="FormatException"/> that names the
/// physical line, rather than a guess.
/// </remarks>
internal sealed class Rfc4180Reader
{
    /// <summary>The most characters one record may hold (IANA's longest is a few thousand).</summary>
    internal const int MaxRecordCharacters = 256 * 1024;

    /// <summary>The most fields one record may hold (IANA writes 12).</summary>
    internal const int MaxFields = 256;

    private readonly TextReader _reader;
    private readonly StringBuilder _field = new();
    private int _line = 1;
    private int _recordCharacters;

    internal Rfc4180Reader(TextReader reader) => _reader = reader;

    /// <summary>Gets the physical line (1-based) on which the record last returned by <see cref="TryReadRecord"/> starts.</summary>
    internal int RecordLine { get; private set; }

    /// <summary>Reads the next record.</summary>
    /// <param name="fields">Receives the record's fields; cleared first.</param>
    /// <returns><see langword="false"/> at the end of the input.</returns>
    /// <exception cref="FormatException">The input breaks RFC 4180.</exception>
    internal bool TryReadRecord(List<string> fields)
    {
        fields.Clear();
        if (_reader.Peek() < 0)
        {
            return false;
        }

        RecordLine = _line;
        _recordCharacters = 0;
        while (true)
        {
            if (fields.Count == MaxFields)
            {
                throw Error(RecordLine, $"a record with more than {MaxFields} fields");
            }

            _field.Clear();
            int c = _reader.Read();
            if (c == '"')
            {
                c = ReadQuoted();
            }
            else
            {
                while (c >= 0 && c != ',' && c != '\r' && c != '\n')
                {
                    if (c == '"')
                    {
                        throw Error(_line, "a double quote inside an unquoted field (quote the whole field and double the quote)");
                    }

                    Append(c);
                    c = _reader.Read();
                }
            }

            fields.Add(_field.ToString());
            switch (c)
            {
                case ',':
                    continue;
                case '\r':
                    if (_reader.Read() != '\n')
                    {
                        throw Error(_line, "a carriage return that is not followed by a line feed");
                    }

                    _line++;
                    return true;
                case '\n':
                    _line++;
                    return true;
                default:
                    // End of input: the last record needs no line break.
                    return true;
            }
        }
    }

    /// <summary>Reads a quoted field after its opening quote.</summary>
    /// <returns>The character after the closing quote (a separator, or -1 at the end).</returns>
    private int ReadQuoted()
    {
        int startLine = _line;
        while (true)
        {
            int c = _reader.Read();
            if (c < 0)
            {
                throw Error(startLine, "a quoted field that is never closed (the input ends inside it)");
            }

            if (c == '"')
            {
                c = _reader.Read();
                if (c != '"')
                {
                    if (c >= 0 && c != ',' && c != '\r' && c != '\n')
                    {
                        throw Error(_line, "text after the closing quote of a quoted field");
                    }

                    return c;
                }
            }
            else if (c == '\n')
            {
                _line++;
            }

            Append(c);
        }
    }

    /// <summary>Appends to the field, refusing a record that grows past <see cref="MaxRecordCharacters"/>: input that big is not a registry, and reading it whole could exhaust memory.</summary>
    private void Append(int c)
    {
        if (++_recordCharacters > MaxRecordCharacters)
        {
            throw Error(RecordLine, $"a record longer than {MaxRecordCharacters} characters");
        }

        _field.Append((char)c);
    }

    private static FormatException Error(int line, string message) =>
        new($"The CSV is malformed at line {line}: {message}.");
}
