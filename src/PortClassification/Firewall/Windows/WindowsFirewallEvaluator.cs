using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace PortClassification;

/// <summary>
/// Evaluates Windows Defender Firewall for a new inbound connection, per active profile: a disabled profile lets it
/// through; "block all inbound" blocks it; otherwise any matching enabled block rule wins over any matching allow rule,
/// and without a match the profile's default inbound action applies (MS-FASP 2.2.34: block rules take precedence over
/// allow rules; allow-bypass needs IPsec and is not considered). Rule order does not matter. Pure.
/// </summary>
internal static class WindowsFirewallEvaluator
{
    internal const string Source = "windows-firewall";

    /// <summary>Evaluates a policy.</summary>
    /// <param name="policy">What the reader got.</param>
    /// <param name="port">The local port.</param>
    /// <param name="transport">TCP or UDP.</param>
    /// <param name="from">The remote address, or <see langword="null"/> for any.</param>
    /// <param name="program">The listening program's full path when known.</param>
    public static FirewallReport Evaluate(WindowsFirewallPolicy policy, PortNumber port, Transport transport, IPAddress? from, string? program)
    {
        string[] warnings = ["Only Windows Defender Firewall is read; other Windows Filtering Platform filters (third-party firewalls) are not visible."];
        if (policy.Failure is not null || policy.CurrentProfiles.Count == 0)
        {
            return FirewallReport.Unknown(port, transport, from, Source, policy.Failure ?? "Windows reports no active firewall profile.", warnings);
        }

        var parts = new List<(WindowsFirewallProfile Profile, FirewallVerdict Verdict, string Summary, string[] Rules, string[] Conditions)>();
        foreach (WindowsFirewallProfile profile in policy.CurrentProfiles)
        {
            parts.Add(EvaluateProfile(profile, policy.Rules, port, transport, from, program));
        }

        if (parts.All(p => p.Verdict == parts[0].Verdict))
        {
            return new FirewallReport(port, transport, from, parts[0].Verdict, Source,
                parts.Count == 1 ? parts[0].Summary : string.Join(" ", parts.Select(p => $"{p.Profile.Name}: {p.Summary}")),
                [.. parts.SelectMany(p => p.Rules).Distinct()], [.. parts.SelectMany(p => p.Conditions).Distinct()], warnings);
        }

        FirewallVerdict verdict = parts.Any(p => p.Verdict == FirewallVerdict.Unknown) ? FirewallVerdict.Unknown : FirewallVerdict.Depends;
        List<string> conditions = [$"the network profile the connection arrives on ({string.Join(", ", parts.Select(p => $"{p.Profile.Name} {p.Verdict.ToString().ToLowerInvariant()}"))})"];
        conditions.AddRange(parts.SelectMany(p => p.Conditions).Distinct());
        return new FirewallReport(port, transport, from, verdict, Source, string.Join(" ", parts.Select(p => $"{p.Profile.Name}: {p.Summary}")),
            [.. parts.SelectMany(p => p.Rules).Distinct()], conditions, warnings);
    }

    private static (WindowsFirewallProfile, FirewallVerdict, string, string[], string[]) EvaluateProfile(
        WindowsFirewallProfile profile, IReadOnlyList<WindowsFirewallRule> rules, PortNumber port, Transport transport, IPAddress? from, string? program)
    {
        if (profile.Enabled is not { } enabled || profile.BlockAllInbound is not { } blockAll || profile.DefaultInboundAction is not { } defaultAction)
        {
            return (profile, FirewallVerdict.Unknown, $"The settings of the {profile.Name} profile could not be read.", [], []);
        }

        if (!enabled)
        {
            return (profile, FirewallVerdict.Allowed, $"Windows Defender Firewall is off for the {profile.Name} profile.", [$"{profile.Name} profile: firewall off"], []);
        }

        if (blockAll)
        {
            return (profile, FirewallVerdict.Blocked, $"The {profile.Name} profile blocks all inbound connections, ignoring allow rules.", [$"{profile.Name} profile: block all inbound connections"], []);
        }

        var certainBlock = new List<string>();
        var maybeBlock = new List<(string Rule, string Condition)>();
        var certainAllow = new List<string>();
        var maybeAllow = new List<(string Rule, string Condition)>();
        foreach (WindowsFirewallRule rule in rules)
        {
            if (rule.Action is not (WindowsFirewallRule.Block or WindowsFirewallRule.Allow))
            {
                continue;
            }

            (Truth truth, string? condition) = Matches(rule, profile.Profile, port, transport, from, program);
            bool block = rule.Action == WindowsFirewallRule.Block;
            switch (truth)
            {
                case Truth.True: (block ? certainBlock : certainAllow).Add(rule.Name); break;
                case Truth.Unknown: (block ? maybeBlock : maybeAllow).Add((rule.Name, $"{condition} (rule \"{rule.Name}\")")); break;
                default: break;
            }
        }

        if (certainBlock.Count > 0)
        {
            return (profile, FirewallVerdict.Blocked, $"Blocked by rule \"{certainBlock[0]}\" (block rules win over allow rules).", [.. certainBlock], []);
        }

        if (certainAllow.Count > 0)
        {
            return maybeBlock.Count == 0
                ? (profile, FirewallVerdict.Allowed, $"Allowed by rule \"{certainAllow[0]}\".", [.. certainAllow], [])
                : (profile, FirewallVerdict.Depends, $"Allowed by rule \"{certainAllow[0]}\" unless a block rule applies.", [.. certainAllow, .. maybeBlock.Select(m => m.Rule)], [.. maybeBlock.Select(m => m.Condition)]);
        }

        string fallback = $"{profile.Name} profile: default inbound action {(defaultAction == WindowsFirewallRule.Allow ? "allow" : "block")}";
        bool defaultAllows = defaultAction == WindowsFirewallRule.Allow;
        var uncertain = (defaultAllows ? maybeBlock : maybeAllow).ToList();
        if (uncertain.Count > 0)
        {
            return (profile, FirewallVerdict.Depends, $"The default action ({(defaultAllows ? "allow" : "block")}) applies unless another rule matches.",
                [fallback, .. uncertain.Select(m => m.Rule)], [.. uncertain.Select(m => m.Condition)]);
        }

        return (profile, defaultAllows ? FirewallVerdict.Allowed : FirewallVerdict.Blocked,
            defaultAllows ? $"No rule matches; the {profile.Name} profile allows inbound connections by default." : $"No allow rule matches; the {profile.Name} profile blocks inbound connections by default.",
            [fallback], []);
    }

    /// <summary>Determines whether a rule applies to the connection, and on what it depends when that is not certain.</summary>
    internal static (Truth Truth, string? Condition) Matches(WindowsFirewallRule rule, int profile, PortNumber port, Transport transport, IPAddress? from, string? program)
    {
        int protocol = transport == Transport.Udp ? 17 : 6;
        if (!rule.Enabled || rule.Direction != WindowsFirewallRule.Inbound || (rule.Profiles & profile) == 0
            || (rule.Protocol != protocol && rule.Protocol != WindowsFirewallRule.AnyProtocol))
        {
            return (Truth.False, null);
        }

        Truth truth = Truth.True;
        string? condition = null;
        void And(Truth part, string what)
        {
            if (part == Truth.Unknown && truth != Truth.False)
            {
                condition ??= what;
            }

            truth = XtMatches.And(truth, part);
        }

        And(rule.Protocol == WindowsFirewallRule.AnyProtocol ? Truth.True : WindowsPortList.CoversPort(rule.LocalPorts, port.Value), $"a port keyword in \"{rule.LocalPorts}\"");
        And(WindowsPortList.CoversAddress(rule.RemoteAddresses, from), $"the remote address ({rule.RemoteAddresses})");
        And(string.IsNullOrWhiteSpace(rule.LocalAddresses) || rule.LocalAddresses.Trim() == "*" ? Truth.True : Truth.Unknown, $"the local address ({rule.LocalAddresses})");
        And(string.IsNullOrWhiteSpace(rule.InterfaceTypes) || rule.InterfaceTypes.Trim().Equals("All", StringComparison.OrdinalIgnoreCase) ? Truth.True : Truth.Unknown, $"the interface type ({rule.InterfaceTypes})");
        And(rule.HasInterfaces ? Truth.Unknown : Truth.True, "the interface");
        And(string.IsNullOrEmpty(rule.ServiceName) ? Truth.True : Truth.Unknown, $"the service ({rule.ServiceName})");
        if (!string.IsNullOrEmpty(rule.ApplicationName))
        {
            // Paths may hold environment variables (%ProgramFiles%); one that does not expand here cannot be compared.
            string expanded = Environment.ExpandEnvironmentVariables(rule.ApplicationName);
            And(program is null || expanded.Contains('%', StringComparison.Ordinal) ? Truth.Unknown
                : string.Equals(expanded, program, StringComparison.OrdinalIgnoreCase) ? Truth.True : Truth.False,
                $"the listening program being {rule.ApplicationName}");
        }

        return (truth, condition);
    }
}
