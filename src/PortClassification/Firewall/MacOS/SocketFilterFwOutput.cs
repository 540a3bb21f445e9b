using System;
using System.Globalization;

namespace PortClassification;

/// <summary>
/// Parses what <c>socketfilterfw</c> (the macOS application firewall's tool) prints: <c>--getglobalstate</c> ends in
/// <c>(State = N)</c> with 0 off, 1 on, 2 block all incoming connections; <c>--getstealthmode</c> says the mode is on or
/// off (wordings differ between releases: "Firewall stealth mode is on", "Stealth mode enabled"). Pure.
/// </summary>
internal static class SocketFilterFwOutput
{
    /// <summary>Reads the global state number, or <see langword="null"/> when the text has none.</summary>
    public static int? GlobalState(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int at = text.IndexOf("(State = ", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        ReadOnlySpan<char> rest = text.AsSpan(at + "(State = ".Length);
        int end = rest.IndexOf(')');
        return end > 0 && int.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out int state) ? state : null;
    }

    /// <summary>Reads whether stealth mode is on, or <see langword="null"/> when the text does not say.</summary>
    public static bool? StealthMode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("stealth", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        bool on = text.Contains(" is on", StringComparison.OrdinalIgnoreCase) || text.Contains("enabled", StringComparison.OrdinalIgnoreCase);
        bool off = text.Contains(" is off", StringComparison.OrdinalIgnoreCase) || text.Contains("disabled", StringComparison.OrdinalIgnoreCase);
        return on == off ? null : on;
    }

    /// <summary>Turns the two outputs into a report.</summary>
    public static FirewallReport Report(string globalState, string stealthMode, PortNumber port, Transport transport, System.Net.IPAddress? from)
    {
        const string Source = "macos-application-firewall";
        bool? stealth = StealthMode(stealthMode);
        string[] warnings =
        [
            "pf (the packet filter) is not evaluated: reading it needs root.",
            .. stealth == true ? ["Stealth mode is on: blocked connections get no answer, as if dropped."] : Array.Empty<string>(),
        ];
        return GlobalState(globalState) switch
        {
            0 => new FirewallReport(port, transport, from, FirewallVerdict.Allowed, Source, "The application firewall is off.", ["application firewall: off"], [], warnings),
            1 => new FirewallReport(port, transport, from, FirewallVerdict.Depends, Source,
                "The application firewall is on; it allows or blocks incoming connections per application, not per port.",
                ["application firewall: on"], ["the listening application (its entry in the application firewall, or whether signed software is allowed automatically)"], warnings),
            2 => new FirewallReport(port, transport, from, FirewallVerdict.Blocked, Source,
                "The application firewall blocks all incoming connections except those essential services need.", ["application firewall: block all incoming connections"], [], warnings),
            int other => FirewallReport.Unknown(port, transport, from, Source, string.Create(CultureInfo.InvariantCulture, $"socketfilterfw reported an unknown state {other}."), warnings),
            null => FirewallReport.Unknown(port, transport, from, Source, "socketfilterfw's output did not state the firewall's state.", warnings),
        };
    }
}
