using System;
using System.CommandLine;
using System.IO;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Output;

namespace PortClassification.Tool;

/// <summary>What every command gets: where to write, where facts come from, and the shared options.</summary>
/// <param name="Console">Standard output and error, and whether to colour.</param>
/// <param name="Facts">The library and the OS, or a substitute in tests.</param>
/// <param name="Stop">Ctrl+C and SIGTERM, for commands that wait.</param>
/// <param name="Json">The recursive <c>--json</c> option.</param>
internal sealed record ToolContext(ToolConsole Console, IPortFacts Facts, StopSignal Stop, Option<bool> Json)
{
    /// <summary>Gets a value indicating whether the parse result asks for JSON.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns><see langword="true"/> if <c>--json</c> was given.</returns>
    public bool WantsJson(ParseResult result) => result.GetValue(Json);

    /// <summary>Writes a command's result to standard output: as JSON when <c>--json</c> was given, otherwise as text.</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="json">Writes the JSON document.</param>
    /// <param name="text">Writes the text, with the styler for standard output.</param>
    public void Render(ParseResult result, Action<TextWriter> json, Action<TextWriter, Styler> text)
    {
        if (WantsJson(result))
        {
            json(Console.Out);
        }
        else
        {
            text(Console.Out, Console.Style);
        }
    }

    /// <summary>Writes an error line to standard error, prefixed with the tool's name.</summary>
    /// <param name="message">The message, one sentence.</param>
    public void Error(string message)
    {
        // Messages quote user input; whatever slipped through unescaped must still not reach the terminal raw.
        Console.Error.WriteLine($"portclass: {Output.InputText.OneLine(message)}");
        Console.Error.Flush();
    }
}
