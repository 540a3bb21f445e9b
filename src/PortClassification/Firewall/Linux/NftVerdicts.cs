using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// Turns the evaluation of an nftables ruleset into a <see cref="FirewallReport"/>: per address family, every path
/// agreeing gives a definite verdict, paths that disagree give <see cref="FirewallVerdict.Depends"/> with their
/// conditions, and any path the evaluator could not follow gives <see cref="FirewallVerdict.Unknown"/>. Pure.
/// </summary>
internal static class NftVerdicts
{
    internal const string Source = "nftables";

    /// <summary>Evaluates a ruleset for a new inbound connection.</summary>
    /// <param name="ruleset">The ruleset.</param>
    /// <param name="port">The port.</param>
    /// <param name="transport">TCP or UDP.</param>
    /// <param name="from">The source, or <see langword="null"/> for any other host (then IPv4 and IPv6 are both checked).</param>
    /// <param name="legacyTables">Legacy x_tables tables present next to nftables (for example <c>ip filter</c>), which are not evaluated.</param>
    public static FirewallReport Report(NftRuleset ruleset, PortNumber port, Transport transport, IPAddress? from, IReadOnlyList<string> legacyTables)
    {
        AddressFamily[] families = from is null ? [AddressFamily.InterNetwork, AddressFamily.InterNetworkV6]
            : [from.IsIPv4MappedToIPv6 ? AddressFamily.InterNetwork : from.AddressFamily];
        var parts = new List<(string Family, FirewallReport Report)>();
        var warnings = new SortedSet<string>(StringComparer.Ordinal);
        foreach (AddressFamily family in families)
        {
            NftEvaluation evaluation = NftEvaluator.Evaluate(ruleset, NftPacket.Create(family, transport, port, from));
            warnings.UnionWith(evaluation.Warnings);
            parts.Add((family == AddressFamily.InterNetwork ? "IPv4" : "IPv6", Summarize(evaluation.Outcomes, port, transport, from)));
        }

        FirewallReport combined = Combine(parts, port, transport, from);
        List<string> conditions = [.. combined.Conditions];
        FirewallVerdict verdict = combined.Verdict;
        string summary = combined.Summary;
        if (legacyTables.Count > 0)
        {
            string legacy = $"legacy iptables tables ({string.Join(", ", legacyTables)}) are present and not evaluated";
            warnings.Add("Legacy iptables tables (" + string.Join(", ", legacyTables) + ") are present; their rules apply too but are not evaluated.");
            if (verdict == FirewallVerdict.Allowed)
            {
                // Legacy rules run on the same hooks and can still drop what nftables accepts; they cannot accept what it drops.
                verdict = FirewallVerdict.Depends;
                conditions.Add(legacy);
                summary = $"nftables accepts it, but {legacy}.";
            }
        }

        if (ruleset.Tables.Count == 0)
        {
            warnings.Add("The nftables ruleset of this network namespace is empty.");
        }

        warnings.UnionWith(combined.Warnings);
        return new FirewallReport(port, transport, from, verdict, Source, summary, combined.Rules, conditions, [.. warnings]);
    }

    private static FirewallReport Summarize(IReadOnlyList<NftOutcome> outcomes, PortNumber port, Transport transport, IPAddress? from)
    {
        NftOutcome[] unknown = [.. outcomes.Where(o => o.Final == NftFinal.Unknown)];
        if (unknown.Length > 0)
        {
            string[] reasons = [.. unknown.Select(o => o.Decider).Distinct()];
            return new FirewallReport(port, transport, from, FirewallVerdict.Unknown, Source, "Not evaluated: " + string.Join("; ", reasons) + ".", reasons, [], []);
        }

        bool accepted = outcomes.Any(o => o.Final == NftFinal.Accept), blocked = outcomes.Any(o => o.Final != NftFinal.Accept);
        if (accepted && !blocked)
        {
            string[] rules = [.. outcomes.SelectMany(o => o.Accepts).Distinct()];
            return new FirewallReport(port, transport, from, FirewallVerdict.Allowed, Source,
                rules.Length == 0 ? "No nftables chain filters incoming packets (no base chain on the ingress, prerouting or input hook)." : "Accepted by " + string.Join(", then ", rules) + ".",
                rules, [], []);
        }

        if (blocked && !accepted)
        {
            string[] rules = [.. outcomes.Select(o => o.Decider).Distinct()];
            string how = outcomes.All(o => o.Final == NftFinal.Reject) ? "Rejected" : outcomes.All(o => o.Final == NftFinal.Drop) ? "Dropped" : "Dropped or rejected";
            return new FirewallReport(port, transport, from, FirewallVerdict.Blocked, Source, $"{how} by {string.Join(" or ", rules)}.", rules, [], []);
        }

        string[] deciders = [.. outcomes.Select(o => o.Decider).Distinct()];
        string[] conditions = [.. outcomes.SelectMany(o => o.Conditions).Distinct()];
        NftOutcome firstAccept = outcomes.First(o => o.Final == NftFinal.Accept), firstBlock = outcomes.First(o => o.Final != NftFinal.Accept);
        string summary = $"Accepted when {Describe(firstAccept)}; blocked by {firstBlock.Decider} when {Describe(firstBlock)}.";
        return new FirewallReport(port, transport, from, FirewallVerdict.Depends, Source, summary, deciders, conditions, []);
    }

    private static string Describe(NftOutcome outcome) => outcome.Conditions.Count == 0 ? "nothing else applies" : string.Join(" and ", outcome.Conditions);

    private static FirewallReport Combine(List<(string Family, FirewallReport Report)> parts, PortNumber port, Transport transport, IPAddress? from)
    {
        if (parts.Count == 1 || parts.All(p => p.Report.Verdict == parts[0].Report.Verdict))
        {
            FirewallReport first = parts[0].Report;
            if (parts.Count == 1)
            {
                return first;
            }

            string summary = parts.All(p => p.Report.Summary == first.Summary)
                ? first.Summary
                : string.Join(" ", parts.Select(p => $"{p.Family}: {p.Report.Summary}"));
            return new FirewallReport(port, transport, from, first.Verdict, Source, summary,
                [.. parts.SelectMany(p => p.Report.Rules).Distinct()], [.. parts.SelectMany(p => p.Report.Conditions).Distinct()], []);
        }

        FirewallVerdict verdict = parts.Any(p => p.Report.Verdict == FirewallVerdict.Unknown) ? FirewallVerdict.Unknown : FirewallVerdict.Depends;
        string text = string.Join(" ", parts.Select(p => $"{p.Family}: {p.Report.Verdict.ToString().ToLowerInvariant()} — {p.Report.Summary}"));
        List<string> conditions = [$"the address family ({string.Join(", ", parts.Select(p => $"{p.Family} {p.Report.Verdict.ToString().ToLowerInvariant()}"))})"];
        conditions.AddRange(parts.SelectMany(p => p.Report.Conditions).Distinct());
        return new FirewallReport(port, transport, from, verdict, Source, text, [.. parts.SelectMany(p => p.Report.Rules).Distinct()], conditions, []);
    }
}
