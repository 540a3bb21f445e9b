using System;
using System.IO;

namespace PortClassification.Tool.Output;

/// <summary>Where a command writes, and whether it may use colour.</summary>
/// <param name="Out">Standard output: the command's result.</param>
/// <param name="Error">Standard error: usage errors, warnings and hints.</param>
/// <param name="Color">Whether <see cref="Out"/> is a terminal that should get ANSI colours.</param>
/// <param name="Interactive">Whether standard error is a terminal, where hints for a person make sense.</param>
internal sealed record ToolConsole(TextWriter Out, TextWriter Error, bool Color, bool Interactive = false)
{
    /// <summary>Gets the process's console, with colour only on a terminal and when <c>NO_COLOR</c> is unset.</summary>
    /// <returns>The console.</returns>
    public static ToolConsole FromProcess() =>
        new(
            Console.Out,
            Console.Error,
            ShouldColor(Console.IsOutputRedirected, System.Environment.GetEnvironmentVariable),
            !Console.IsErrorRedirected);

    /// <summary>Determines whether to colour output (see https://no-color.org).</summary>
    /// <param name="outputRedirected">Whether standard output is a file or a pipe rather than a terminal.</param>
    /// <param name="getVariable">Reads an environment variable.</param>
    /// <returns><see langword="true"/> on a terminal, unless <c>NO_COLOR</c> is set to a non-empty value or <c>TERM</c> is <c>dumb</c>.</returns>
    public static bool ShouldColor(bool outputRedirected, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return !outputRedirected
            && string.IsNullOrEmpty(getVariable("NO_COLOR"))
            && !string.Equals(getVariable("TERM"), "dumb", StringComparison.Ordinal);
    }

    /// <summary>Gets the styler for <see cref="Out"/>.</summary>
    public Styler Style => Color ? Styler.Ansi : Styler.Plain;
}
