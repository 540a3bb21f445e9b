using System;
using System.Collections.Generic;
using System.Net;
using System.Text;

namespace PortClassification;

/// <summary>
/// The host firewall's verdict on a new inbound connection to a port, with the rules that decided it in the firewall's
/// own words, what the verdict depends on, and what was not evaluated.
/// </summary>
/// <remarks>Instances are immutable and thread-safe.</remarks>
public sealed class FirewallReport
{
    internal FirewallReport(PortNumber port, Transport transport, IPAddress? from, FirewallVerdict verdict, string firewall, string summary,
        IReadOnlyList<string> rules, IReadOnlyList<string> conditions, IReadOnlyList<string> warnings)
    {
        Port = port;
        Transport = transport;
        From = from;
        Verdict = verdict;
        Firewall = firewall;
        Summary = summary;
        Rules = rules;
        Conditions = conditions;
        Warnings = warnings;
    }

    /// <summary>Gets the port the question was about.</summary>
    public PortNumber Port { get; }

    /// <summary>Gets the transport the question was about.</summary>
    public Transport Transport { get; }

    /// <summary>Gets the source address the question assumed, or <see langword="null"/> for "any other host".</summary>
    public IPAddress? From { get; }

    /// <summary>Gets the verdict.</summary>
    public FirewallVerdict Verdict { get; }

    /// <summary>
    /// Gets the firewall whose rules were read: <c>"nftables"</c>, <c>"windows-firewall"</c>, <c>"macos-application-firewall"</c>,
    /// or <c>"none"</c> when no firewall could be read.
    /// </summary>
    public string Firewall { get; }

    /// <summary>Gets one sentence that explains the verdict, or why there is none.</summary>
    public string Summary { get; }

    /// <summary>
    /// Gets the rules and policies that decided the verdict, as the firewall names them (for nftables
    /// <c>family table chain handle N</c> as <c>nft -a list ruleset</c> shows, for Windows the rule's name).
    /// </summary>
    public IReadOnlyList<string> Rules { get; }

    /// <summary>Gets what a <see cref="FirewallVerdict.Depends"/> verdict depends on; empty otherwise.</summary>
    public IReadOnlyList<string> Conditions { get; }

    /// <summary>Gets what was read but not taken into account, and other caveats.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Returns the verdict and the summary, for example <c>"Allowed: accepted by inet filter input handle 4"</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder().Append(Verdict).Append(": ").Append(Summary);
        return text.ToString();
    }

    /// <summary>Creates an unknown verdict with the reason.</summary>
    internal static FirewallReport Unknown(PortNumber port, Transport transport, IPAddress? from, string source, string reason, IReadOnlyList<string>? warnings = null) =>
        new(port, transport, from, FirewallVerdict.Unknown, source, reason, Array.Empty<string>(), Array.Empty<string>(), warnings ?? Array.Empty<string>());
}
