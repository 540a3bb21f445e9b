using System.Collections.Concurrent;
using System.Net;
using System.Runtime.Versioning;
using PortClassification.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace PortClassification.Tests.Firewall;

/// <summary>
/// Loads every ruleset of <see cref="FirewallFamily"/> into the server side of a namespace pair, checks what really
/// happens to TCP connections and UDP requests from the client side, and compares with <see cref="HostFirewall.Check"/>
/// read inside the server namespace: never Allowed for a blocked packet, never Blocked for an accepted one, and
/// Depends/Unknown for fewer than 10 % of the checks.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LiveFirewallTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ControlDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ConfirmDropTimeout = TimeSpan.FromSeconds(10);

    private sealed record Check(string Ruleset, Transport Transport, int Port, bool Ipv6, Outcome Outcome, FirewallReport WithSource, FirewallReport AnySource, Outcome OtherFamily);

    [FirewallLabFact]
    public async Task Family_VerdictsAgreeWithRealConnections()
    {
        LiveRuleset[] family = [.. FirewallFamily.All()];
        var checks = new ConcurrentBag<Check>();
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(family.Select(async ruleset =>
        {
            await gate.WaitAsync();
            try
            {
                foreach (Check check in await RunAsync(ruleset))
                {
                    checks.Add(check);
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        var wrong = new List<string>();
        int uncertain = 0, total = 0;
        foreach (Check c in checks.OrderBy(c => c.Ruleset, StringComparer.Ordinal))
        {
            string where = $"{c.Ruleset} {c.Port}/{c.Transport} over {(c.Ipv6 ? "IPv6" : "IPv4")}: really {c.Outcome}";
            total++;
            uncertain += c.WithSource.Verdict is FirewallVerdict.Depends or FirewallVerdict.Unknown ? 1 : 0;
            if (Contradicts(c.WithSource.Verdict, c.Outcome))
            {
                wrong.Add($"{where}, verdict {c.WithSource} [{string.Join(" | ", c.WithSource.Rules)}]");
            }

            // Without a source both families are judged together: a definite verdict must hold for both.
            if (Contradicts(c.AnySource.Verdict, c.Outcome) || Contradicts(c.AnySource.Verdict, c.OtherFamily))
            {
                wrong.Add($"{where} (other family {c.OtherFamily}), verdict for any source {c.AnySource}");
            }

            if (c.WithSource.Verdict is FirewallVerdict.Depends or FirewallVerdict.Unknown)
            {
                output.WriteLine($"uncertain: {where}: {c.WithSource}");
            }
        }

        output.WriteLine($"{family.Length} rulesets, {total} checks, {uncertain} Depends/Unknown; outcomes: "
            + string.Join(", ", checks.GroupBy(c => c.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        // The family must exercise every real outcome, or agreement would prove little.
        Assert.All(Enum.GetValues<Outcome>(), o => Assert.Contains(checks, c => c.Outcome == o));
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(family.Length * 2 * (FirewallFamily.TcpPorts.Length + FirewallFamily.UdpPorts.Length), total);
        Assert.True(uncertain * 10 < total, $"{uncertain} of {total} verdicts are Depends or Unknown.");
    }

    [FirewallLabFact]
    public void Check_WithoutCapNetAdmin_IsUnknownNeedsRoot()
    {
        // Capabilities are per thread: a thread that drops CAP_NET_ADMIN from its effective set is refused the dump (EPERM).
        FirewallReport report = Capabilities.RunWithout(Capabilities.NetAdmin, () => HostFirewall.Check(new PortNumber(8080)));

        Assert.Equal(FirewallVerdict.Unknown, report.Verdict);
        Assert.StartsWith("Reading the firewall needs root (CAP_NET_ADMIN)", report.Summary, StringComparison.Ordinal);
    }

    private static bool Contradicts(FirewallVerdict verdict, Outcome outcome) =>
        (verdict == FirewallVerdict.Allowed && outcome != Outcome.Accepted) || (verdict == FirewallVerdict.Blocked && outcome == Outcome.Accepted);

    private static async Task<List<Check>> RunAsync(LiveRuleset ruleset)
    {
        using var pair = new NamespacePair();
        using var probe = new LiveProbe(pair);
        (Transport Transport, int Port, bool Ipv6)[] targets =
        [
            .. FirewallFamily.TcpPorts.SelectMany(p => new[] { (Transport.Tcp, p, false), (Transport.Tcp, p, true) }),
            .. FirewallFamily.UdpPorts.SelectMany(p => new[] { (Transport.Udp, p, false), (Transport.Udp, p, true) }),
        ];

        // Control: with no rules loaded every probe must succeed, so a later timeout can only be the ruleset's doing.
        // On a loaded machine the first probes over a fresh veth pair can be slow: the control waits (bounded) until each passes.
        Outcome[] control = await Task.WhenAll(targets.Select(t => probe.ProbeUntilAcceptedAsync(t.Transport, t.Port, t.Ipv6, ControlDeadline)));
        if (control.Any(o => o != Outcome.Accepted))
        {
            throw new InvalidOperationException($"{ruleset}: the namespace pair does not pass traffic without rules within {ControlDeadline.TotalSeconds} s: {string.Join(", ", control)}.");
        }

        string nft = ruleset.Nft.Replace("CLIENT4", pair.ClientAddress, StringComparison.Ordinal).Replace("CLIENT6", pair.ClientAddress6, StringComparison.Ordinal);
        string ip = Commands.Find("ip")!;
        if (nft.Length > 0)
        {
            Commands.Run(ip, ["netns", "exec", pair.Server, Commands.Find("nft")!, "-f", "-"], nft);
        }

        foreach (string[] command in ruleset.Commands)
        {
            Commands.Run(ip, ["netns", "exec", pair.Server, Commands.Find(command[0])!, .. command[1..]]);
        }

        Outcome[] outcomes = await Task.WhenAll(targets.Select(t => probe.ProbeAsync(t.Transport, t.Port, t.Ipv6)));

        // A drop is only ever "nothing came back in time"; a starved machine can be that slow too. Every drop is probed
        // again, all at once, with a much longer wait: a slow answer is taken for a drop only if it took over 10 s.
        int[] dropped = [.. Enumerable.Range(0, targets.Length).Where(i => outcomes[i] == Outcome.Dropped)];
        Outcome[] confirmed = await Task.WhenAll(dropped.Select(i => probe.ProbeAsync(targets[i].Transport, targets[i].Port, targets[i].Ipv6, ConfirmDropTimeout)));
        for (int k = 0; k < dropped.Length; k++)
        {
            outcomes[dropped[k]] = confirmed[k];
        }
        var checks = new List<Check>();
        for (int i = 0; i < targets.Length; i++)
        {
            (Transport transport, int port, bool ipv6) = targets[i];
            IPAddress source = IPAddress.Parse(ipv6 ? pair.ClientAddress6 : pair.ClientAddress);
            FirewallReport withSource = NamespacePair.RunIn(pair.Server, () => HostFirewall.Check(new PortNumber(port), transport, source));
            FirewallReport anySource = NamespacePair.RunIn(pair.Server, () => HostFirewall.Check(new PortNumber(port), transport));
            Outcome other = outcomes[Array.FindIndex(targets, t => t.Transport == transport && t.Port == port && t.Ipv6 != ipv6)];
            checks.Add(new Check(ruleset.Name, transport, port, ipv6, outcomes[i], withSource, anySource, other));
        }

        return checks;
    }
}
