namespace PortClassification.Tests.Firewall;

/// <summary>One ruleset of the live family: nft text (with <c>CLIENT4</c>/<c>CLIENT6</c> placeholders) and iptables commands.</summary>
public sealed record LiveRuleset(string Name, string Nft, string[][] Commands)
{
    public override string ToString() => Name;
}

/// <summary>
/// Generates the family of rulesets the live tests load: thirteen ways of writing "allow 8080 and 8081 over TCP and 8082
/// over UDP" (single ports, anonymous, named and interval sets, ranges, verdict maps, jump/return, goto, ct state,
/// th, interfaces, a concatenated set, source addresses), each combined with three surroundings (policy drop; a reject
/// rule for 8090 first; a second table at a lower priority that drops 8081 and an ip prerouting chain), plus
/// rulesets written with iptables and ip6tables (iptables-nft) and one that uses notrack and ct state before conntrack.
/// </summary>
internal static class FirewallFamily
{
    /// <summary>The TCP ports probed.</summary>
    public static readonly int[] TcpPorts = [8080, 8081, 8090];

    /// <summary>The UDP ports probed.</summary>
    public static readonly int[] UdpPorts = [8082, 8090];

    private static readonly (string Name, string Declarations, string[] Rules)[] Forms =
    [
        ("single", "", ["tcp dport 8080 accept", "tcp dport 8081 accept", "udp dport 8082 accept"]),
        ("anonymous-set", "", ["tcp dport { 8080, 8081 } accept", "udp dport { 8082, 8084 } accept"]),
        ("named-set", "set tports { type inet_service; elements = { 8080, 8081 } }", ["tcp dport @tports accept", "udp dport 8082 accept"]),
        ("interval-set", "set tports { type inet_service; flags interval; elements = { 8070-8081, 9000-9100 } }\n  set uports { type inet_service; flags interval; elements = { 8082-8085 } }",
            ["tcp dport @tports accept", "udp dport @uports accept"]),
        ("range", "", ["tcp dport 8080-8081 accept", "udp dport 8082-8089 accept"]),
        ("vmap", "", ["tcp dport vmap { 8080 : accept, 8081 : accept, 8090 : drop }", "udp dport vmap { 8082 : accept }"]),
        ("jump-return", "chain svc { tcp dport { 8080, 8081 } accept; udp dport 8082 accept; return; }", ["jump svc"]),
        ("goto", "chain svc { tcp dport 8080 accept; tcp dport 8081 accept; udp dport 8082 accept; }", ["meta l4proto { tcp, udp } goto svc"]),
        ("ct-state", "", ["ct state established,related accept", "ct state invalid drop", "ct state new tcp dport 8080 accept", "ct state new,untracked tcp dport 8081 accept", "ct state new udp dport 8082 accept"]),
        ("th", "", ["meta l4proto tcp th dport 8080 accept", "meta l4proto tcp th dport 8081 accept", "meta l4proto udp th dport 8082 accept"]),
        ("interface", "", ["iifname \"lo\" accept", "iifname != \"lo\" tcp dport { 8080, 8081 } accept", "iif \"lo\" udp dport 8090 accept", "udp dport 8082 accept"]),
        ("concat", "set allow { type ipv4_addr . inet_service; elements = { CLIENT4 . 8080, CLIENT4 . 8081 } }\n  set allow6 { type ipv6_addr . inet_service; elements = { CLIENT6 . 8080 } }",
            ["ip saddr . tcp dport @allow accept", "ip6 saddr . tcp dport @allow6 accept", "udp dport 8082 accept"]),
        ("source", "", ["ip saddr CLIENT4/24 tcp dport 8080 accept", "ip saddr != 192.0.2.0/24 tcp dport 8081 accept", "ip6 saddr 2001:db8::/32 tcp dport 8080 accept", "udp dport 8082 accept"]),
    ];

    public static IEnumerable<LiveRuleset> All()
    {
        foreach ((string name, string declarations, string[] rules) in Forms)
        {
            yield return Native($"{name}/policy-drop", declarations, rules, "");
            yield return Native($"{name}/reject-first", declarations, ["tcp dport 8090 reject with tcp reset", "udp dport 8090 reject", .. rules], "");
            yield return Native($"{name}/second-table", declarations, rules,
                "table inet early {\n  chain input { type filter hook input priority -10; policy accept; tcp dport 8081 drop; }\n}\n" +
                "table ip pre {\n  chain pre { type filter hook prerouting priority 0; policy accept; udp dport 8082 counter accept; }\n}\n");
        }

        // Before conntrack (raw priority) ct state is invalid and other ct keys end the rule; notrack makes it untracked.
        yield return new LiveRuleset("raw/notrack-invalid",
            "table inet raw {\n  chain pre {\n    type filter hook prerouting priority -300; policy accept;\n    tcp dport 8080 notrack\n"
            + "    ct state invalid tcp dport 8081 drop\n    udp dport 8090 ct direction original drop\n  }\n}\n"
            + "table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n    ct state untracked tcp dport 8080 accept\n"
            + "    ct state new tcp dport { 8081, 8082, 8090 } accept\n    ct state new udp dport { 8082, 8090 } accept\n  }\n}\n",
            []);
        yield return new LiveRuleset("iptables/conntrack-multiport", "",
        [
            ["iptables-nft", "-P", "INPUT", "DROP"],
            ["iptables-nft", "-A", "INPUT", "-i", "lo", "-j", "ACCEPT"],
            ["iptables-nft", "-A", "INPUT", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"],
            ["iptables-nft", "-A", "INPUT", "-p", "tcp", "--dport", "8080", "-j", "ACCEPT"],
            ["iptables-nft", "-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "8081,9000:9100", "-j", "ACCEPT"],
            ["iptables-nft", "-A", "INPUT", "-p", "udp", "--dport", "8082", "-j", "ACCEPT"],
            ["ip6tables-nft", "-P", "INPUT", "DROP"],
            ["ip6tables-nft", "-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "8080,8090", "-j", "ACCEPT"],
            ["ip6tables-nft", "-A", "INPUT", "-p", "udp", "-m", "udp", "--dport", "8082", "-j", "ACCEPT"],
        ]);
        yield return new LiveRuleset("iptables/user-chain-state-reject", "",
        [
            ["iptables-nft", "-N", "SVC"],
            ["iptables-nft", "-A", "SVC", "-p", "tcp", "--dport", "8080:8081", "-j", "ACCEPT"],
            ["iptables-nft", "-A", "SVC", "-j", "RETURN"],
            ["iptables-nft", "-A", "INPUT", "-m", "state", "--state", "NEW", "-j", "SVC"],
            ["iptables-nft", "-A", "INPUT", "-p", "udp", "-m", "udp", "--dport", "8082", "-j", "ACCEPT"],
            ["iptables-nft", "-A", "INPUT", "-p", "tcp", "--dport", "8090", "-j", "REJECT"],
            ["iptables-nft", "-A", "INPUT", "-j", "DROP"],
            ["ip6tables-nft", "-A", "INPUT", "-p", "tcp", "--dport", "8081", "-j", "REJECT", "--reject-with", "tcp-reset"],
            ["ip6tables-nft", "-A", "INPUT", "-p", "udp", "--dport", "8090", "-j", "DROP"],
        ]);
        yield return new LiveRuleset("iptables/addrtype-log-flags", "",
        [
            ["iptables-nft", "-P", "INPUT", "DROP"],
            ["iptables-nft", "-A", "INPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-m", "comment", "--comment", "local", "-j", "LOG"],
            ["iptables-nft", "-A", "INPUT", "-p", "tcp", "-m", "tcp", "--dport", "8080", "-j", "ACCEPT"],
            ["iptables-nft", "-A", "INPUT", "-p", "tcp", "-m", "tcp", "--tcp-flags", "SYN,RST,ACK,FIN", "SYN", "--dport", "8081", "-j", "ACCEPT"],
            ["iptables-nft", "-A", "INPUT", "-p", "udp", "--dport", "8082", "-j", "ACCEPT"],
            ["iptables-nft", "-A", "INPUT", "-p", "udp", "--dport", "8090", "-j", "REJECT", "--reject-with", "icmp-port-unreachable"],
            ["ip6tables-nft", "-P", "INPUT", "DROP"],
            ["ip6tables-nft", "-A", "INPUT", "-p", "tcp", "!", "--dport", "8081", "-j", "ACCEPT"],
        ]);
    }

    private static LiveRuleset Native(string name, string declarations, string[] rules, string extra) =>
        new(name,
            "table inet filter {\n  " + declarations + "\n  chain input {\n    type filter hook input priority 0; policy drop;\n    "
            + string.Join("\n    ", rules) + "\n  }\n}\n" + extra,
            []);
}
