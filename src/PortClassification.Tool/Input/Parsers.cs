using System.CommandLine.Parsing;
using System.Globalization;
using PortClassification.Tool.Output;

namespace PortClassification.Tool.Input;

/// <summary>Custom parsers for System.CommandLine, each failing with one sentence that names the expected form.</summary>
internal static class Parsers
{
    /// <summary>Parses a <see cref="PortSpec"/> token.</summary>
    /// <param name="result">The argument's tokens.</param>
    /// <returns>The spec, or <see langword="default"/> after adding an error.</returns>
    public static PortSpec PortSpec(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        if (Input.PortSpec.TryParse(text, out PortSpec spec, out string? error))
        {
            return spec;
        }

        // Cli says "not a port" instead when the token came after "--", where nothing is an option.
        result.AddError(text.StartsWith('-') ? $"unknown option {InputText.Quote(text)}." : error);
        return default;
    }

    /// <summary>Parses a port number token (no transport).</summary>
    /// <param name="result">The option's tokens.</param>
    /// <returns>The port, or <see langword="null"/> after adding an error.</returns>
    public static PortNumber? Port(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        if (PortNumber.TryParse(text, out PortNumber port))
        {
            return port;
        }

        result.AddError($"{InputText.Quote(text)} is not a port: expected a number from 0 to 65535.");
        return null;
    }

    /// <summary>Parses a process id token.</summary>
    /// <param name="result">The option's tokens.</param>
    /// <returns>The id, or <see langword="null"/> after adding an error.</returns>
    public static int? ProcessId(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0)
        {
            return pid;
        }

        result.AddError($"{InputText.Quote(text)} is not a process id: expected a positive whole number.");
        return null;
    }

    /// <summary>Makes a parser for a count from 1 to a maximum.</summary>
    /// <param name="maximum">The largest count accepted.</param>
    /// <returns>The parser.</returns>
    public static System.Func<ArgumentResult, int> Count(int maximum) => result =>
    {
        string text = result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1 && count <= maximum)
        {
            return count;
        }

        result.AddError($"{InputText.Quote(text)} is not a valid count: expected a whole number from 1 to {maximum}.");
        return 0;
    };
}
