using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace PortClassification.Tool.Output;

/// <summary>Writes rows as aligned columns: widths measured on plain text, styles applied per cell afterwards.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<(string Text, TextStyle Style)[]> _rows = [];

    /// <summary>Initializes a new instance of the <see cref="TextTable"/> class.</summary>
    /// <param name="columns">The column headers; a header starting with '>' is right-aligned (the '>' is not shown).</param>
    public TextTable(params string[] columns)
    {
        _headers = new string[columns.Length];
        _rightAligned = new bool[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            _rightAligned[i] = columns[i].StartsWith('>');
            _headers[i] = _rightAligned[i] ? columns[i][1..] : columns[i];
        }
    }

    /// <summary>Gets the number of rows added.</summary>
    public int Count => _rows.Count;

    /// <summary>Adds a row.</summary>
    /// <param name="cells">One cell per column.</param>
    /// <exception cref="ArgumentException">The number of cells differs from the number of columns.</exception>
    public void Add(params (string Text, TextStyle Style)[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"Expected {_headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Writes the header and the rows; the last column is not padded, so lines carry no trailing spaces.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="style">Applies styles.</param>
    /// <param name="indent">Spaces before each line.</param>
    /// <param name="header">Whether to write the header row.</param>
    public void Write(TextWriter writer, Styler style, int indent = 0, bool header = true)
    {
        foreach (string line in Render(style, indent, header))
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>Renders the table as lines, for callers that write more between the rows.</summary>
    /// <param name="style">Applies styles.</param>
    /// <param name="indent">Spaces before each line.</param>
    /// <param name="header">Whether the first line is the header.</param>
    /// <returns>The lines, without line ends.</returns>
    public List<string> Render(Styler style, int indent = 0, bool header = true)
    {
        int[] widths = new int[_headers.Length];
        for (int c = 0; c < widths.Length; c++)
        {
            widths[c] = header ? _headers[c].Length : 0;
            foreach ((string Text, TextStyle Style)[] row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Text.Length);
            }
        }

        var lines = new List<string>(_rows.Count + 1);
        if (header)
        {
            var cells = new (string, TextStyle)[_headers.Length];
            for (int c = 0; c < cells.Length; c++)
            {
                cells[c] = (_headers[c], TextStyle.Heading);
            }

            lines.Add(RenderRow(style, indent, widths, cells));
        }

        foreach ((string Text, TextStyle Style)[] row in _rows)
        {
            lines.Add(RenderRow(style, indent, widths, row));
        }

        return lines;
    }

    private string RenderRow(Styler style, int indent, int[] widths, (string Text, TextStyle Style)[] cells)
    {
        var line = new StringBuilder();
        line.Append(' ', indent);
        for (int c = 0; c < cells.Length; c++)
        {
            int pad = widths[c] - cells[c].Text.Length;
            if (_rightAligned[c])
            {
                line.Append(' ', pad);
            }

            line.Append(style.Apply(cells[c].Text, cells[c].Style));
            if (c < cells.Length - 1)
            {
                line.Append(' ', (_rightAligned[c] ? 0 : pad) + 2);
            }
        }

        // An empty last cell leaves only the separator: drop it, so no line ends in spaces.
        return cells[^1].Text.Length == 0 ? line.ToString().TrimEnd(' ') : line.ToString();
    }
}
