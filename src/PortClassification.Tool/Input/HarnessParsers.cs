using System;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using PortClassification.Tool.Processes;

namespace PortClassification.Tool.Input;

/// <summary>Parsers for <c>wait</c>, <c>kill</c> and <c>exec</c>, each failing with one sentence that names the expected form.</summary>
internal static class HarnessParsers
{
    /// <summary>The longest timeout accepted, in seconds (what a timer can hold).</summary>
    internal const double MaxSeconds = int.MaxValue / 1000.0;

    /// <summary>Parses a port a server can listen on (1-65535).</summary>
    /// <param name="result">The argument's tokens.</param>
    /// <returns>The port, or 0 after adding an error.</returns>
    public static PortNumber ListenPort(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        if (PortNumber.TryParse(text, out PortNumber port) && port.Value != 0)
        {
            return port;
        }

        result.AddError(text.StartsWith('-') ? $"unknown option '{text}'." : $"'{text}' is not a port a server can listen on: expected a number from 1 to 65535.");
        return default;
    }

    /// <summary>Parses a number of seconds: a non-negative decimal such as <c>30</c> or <c>0.5</c>.</summary>
    /// <param name="result">The option's tokens.</param>
    /// <returns>The time span, or zero after adding an error.</returns>
    public static TimeSpan Seconds(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        if (TryParseSeconds(text, out TimeSpan span))
        {
            return span;
        }

        result.AddError($"'{text}' is not a timeout: expected seconds from 0 to {MaxSeconds:0}, such as 30 or 0.5.");
        return TimeSpan.Zero;
    }

    /// <summary>Parses a number of seconds (digits with an optional fraction, no sign or exponent).</summary>
    /// <param name="text">The text.</param>
    /// <param name="span">The time span.</param>
    /// <returns><see langword="true"/> when the text is a number of seconds from 0 to <see cref="MaxSeconds"/>.</returns>
    internal static bool TryParseSeconds(string text, out TimeSpan span)
    {
        span = TimeSpan.Zero;
        // Digits and one point only: double.TryParse would also take "NaN" and "Infinity" whatever the styles.
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c) && c != '.')
            {
                return false;
            }
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) || !double.IsFinite(seconds) || seconds > MaxSeconds)
        {
            return false;
        }

        span = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        return true;
    }

    /// <summary>Parses an IP address (IPv4 or IPv6, without brackets or port).</summary>
    /// <param name="result">The option's tokens.</param>
    /// <returns>The address, or <see langword="null"/> after adding an error.</returns>
    public static IPAddress? Address(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        // IPAddress.TryParse also takes "1" and "127.1" (inet_aton forms): ask for four parts, or an IPv6 address.
        if (IPAddress.TryParse(text, out IPAddress? address) &&
            (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? text.Contains(':', StringComparison.Ordinal) : text.AsSpan().Count('.') == 3))
        {
            return address;
        }

        result.AddError($"'{text}' is not an IP address: expected one such as 127.0.0.1 or ::1.");
        return null;
    }

    /// <summary>Parses a signal name such as <c>TERM</c>, <c>SIGINT</c> or <c>hup</c>.</summary>
    /// <param name="result">The option's tokens.</param>
    /// <returns>The signal, or SIGTERM after adding an error.</returns>
    public static ProcessSignal Signal(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        if (ProcessSignal.TryParse(text, out ProcessSignal signal))
        {
            return signal;
        }

        result.AddError($"'{text}' is not a signal portclass sends: expected one of {string.Join(", ", ProcessSignal.Names)}.");
        return ProcessSignal.Term;
    }

    /// <summary>Parses an HTTP request path such as <c>/health</c>.</summary>
    /// <param name="result">The option's tokens.</param>
    /// <returns>The path, or <see langword="null"/> after adding an error.</returns>
    public static string? HttpPath(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        try
        {
            return ListenerCheck.Http(text).HttpPath;
        }
        catch (ArgumentException)
        {
            result.AddError($"'{text}' is not an HTTP path: expected one starting with '/', without spaces, such as /health.");
            return null;
        }
    }
}
