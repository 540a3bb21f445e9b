using System;
using System.Diagnostics.CodeAnalysis;
using PortClassification.Tool.Output;

namespace PortClassification.Tool.Input;

/// <summary>A port as typed on the command line: <c>60400</c>, <c>60400/udp</c> or <c>443/tcp</c>.</summary>
/// <param name="Port">The port number.</param>
/// <param name="Transport">The transport after the slash, or <see langword="null"/> when none was given (both TCP and UDP).</param>
internal readonly record struct PortSpec(PortNumber Port, Transport? Transport)
{
    /// <summary>The expected form, for error messages.</summary>
    public const string ExpectedForm = "a port number from 0 to 65535, optionally followed by /tcp or /udp (for example 60400 or 60400/udp)";

    /// <summary>Parses a port spec; the transport is case-insensitive, the number strict (digits only).</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="spec">The spec, when the text is valid.</param>
    /// <param name="error">Why the text is invalid: one sentence that names the expected form.</param>
    /// <returns><see langword="true"/> if <paramref name="text"/> is a valid spec.</returns>
    public static bool TryParse(string text, out PortSpec spec, [NotNullWhen(false)] out string? error)
    {
        spec = default;
        ReadOnlySpan<char> number = text;
        Transport? transport = null;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            ReadOnlySpan<char> suffix = text.AsSpan(slash + 1);
            if (!TryParseListenable(suffix, out Transport parsed))
            {
                error = $"{InputText.Quote(text)} has an unknown transport {InputText.Quote(suffix)}: expected {ExpectedForm}.";
                return false;
            }

            transport = parsed;
            number = number[..slash];
        }

        if (!PortNumber.TryParse(number, out PortNumber port))
        {
            error = IsDigits(number)
                ? $"{InputText.Quote(number)} is out of range: expected {ExpectedForm}."
                : $"{InputText.Quote(text)} is not a port: expected {ExpectedForm}.";
            return false;
        }

        spec = new PortSpec(port, transport);
        error = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Transport is { } t ? $"{Port}/{TransportNames.Format(t)}" : Port.ToString();

    // tcp or udp, any case: the transports a socket on this host listens on.
    private static bool TryParseListenable(ReadOnlySpan<char> text, out Transport transport)
    {
        if (text.Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            transport = PortClassification.Transport.Tcp;
            return true;
        }

        if (text.Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            transport = PortClassification.Transport.Udp;
            return true;
        }

        transport = default;
        return false;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}
