using System;
using System.Collections.Generic;
using System.Globalization;

namespace PortClassification.Tool.Processes;

/// <summary>
/// A signal <c>portclass kill</c> can send, by its POSIX name. The numbers of HUP, INT, QUIT, KILL and TERM are
/// the same on Linux, macOS and the BSDs (POSIX fixes them for the XSI option); USR1 and USR2 differ (Linux 10
/// and 12, macOS and FreeBSD 30 and 31), so they are looked up per system.
/// </summary>
/// <param name="Name">The name without <c>SIG</c>, upper case, such as <c>TERM</c>.</param>
/// <param name="Number">The number on this system.</param>
internal sealed record ProcessSignal(string Name, int Number)
{
    /// <summary>Gets SIGTERM, the default: a request to end.</summary>
    public static ProcessSignal Term { get; } = new("TERM", 15);

    /// <summary>Gets SIGKILL, which no process can catch (used by <c>--force</c>).</summary>
    public static ProcessSignal KillSignal { get; } = new("KILL", 9);

    /// <summary>Gets SIGINT (Ctrl+C).</summary>
    public static ProcessSignal Interrupt { get; } = new("INT", 2);

    /// <summary>Gets the names accepted, for messages.</summary>
    public static IReadOnlyList<string> Names { get; } = ["TERM", "INT", "HUP", "QUIT", "KILL", "USR1", "USR2"];

    /// <summary>Parses a signal name: <c>TERM</c>, <c>SIGTERM</c> or <c>term</c>, or its number on this system.</summary>
    /// <param name="text">The text.</param>
    /// <param name="signal">The signal.</param>
    /// <returns><see langword="true"/> if the text names a supported signal.</returns>
    public static bool TryParse(string text, out ProcessSignal signal)
    {
        string name = text.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        name = name.ToUpperInvariant();
        bool linux = OperatingSystem.IsLinux();
        (string, int)[] table =
        [
            ("HUP", 1), ("INT", 2), ("QUIT", 3), ("KILL", 9), ("TERM", 15),
            ("USR1", linux ? 10 : 30), ("USR2", linux ? 12 : 31),
        ];
        foreach ((string known, int number) in table)
        {
            if (name == known || name == number.ToString(CultureInfo.InvariantCulture))
            {
                signal = new ProcessSignal(known, number);
                return true;
            }
        }

        signal = Term;
        return false;
    }

    /// <summary>Returns <c>SIGTERM</c> and so on.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => "SIG" + Name;
}
