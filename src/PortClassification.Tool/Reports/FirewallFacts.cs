using System.Collections.Generic;
using System.Net;

namespace PortClassification.Tool.Reports;

/// <summary>The host firewall's verdict on one port and transport, as <c>portclass firewall</c> and the port report show it.</summary>
/// <param name="Port">The port.</param>
/// <param name="Transport">The transport.</param>
/// <param name="From">The source the question assumed, or <see langword="null"/> for any other host.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Source">Where the rules came from (<c>nftables</c>, <c>windows-firewall</c>, …).</param>
/// <param name="Summary">One sentence explaining the verdict.</param>
/// <param name="Rules">The deciding rules in the firewall's own words.</param>
/// <param name="Conditions">What a <c>depends</c> verdict depends on.</param>
/// <param name="Warnings">What was not evaluated.</param>
internal sealed record FirewallFacts(
    PortNumber Port, Transport Transport, IPAddress? From, FirewallVerdict Verdict, string Source, string Summary,
    IReadOnlyList<string> Rules, IReadOnlyList<string> Conditions, IReadOnlyList<string> Warnings)
{
    /// <summary>Copies the library's report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The facts.</returns>
    public static FirewallFacts Of(FirewallReport report) =>
        new(report.Port, report.Transport, report.From, report.Verdict, report.Firewall, report.Summary, report.Rules, report.Conditions, report.Warnings);

    /// <summary>Gets the verdict as the JSON schema spells it: <c>allowed</c>, <c>blocked</c>, <c>depends</c> or <c>unknown</c>.</summary>
    public string VerdictName => Verdict switch
    {
        FirewallVerdict.Allowed => "allowed",
        FirewallVerdict.Blocked => "blocked",
        FirewallVerdict.Depends => "depends",
        _ => "unknown",
    };
}
