using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Listeners;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Firewall;

/// <summary>
/// Parses and evaluates nftables dumps captured from real rulesets (Fixtures/Firewall/nftables/*.nft, loaded with nft and
/// iptables-nft into a private network namespace, bytes as <see cref="NftNetlinkReader"/> received them). The expected
/// verdicts of E1–E7 are the ones research/firewall.md measured with real connections.
/// </summary>
public sealed class NftFixtureTests
{
    internal static NftRuleset Load(string name) => NftMessageParser.Parse(Read(name));

    internal static byte[] Read(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Firewall", "nftables", name + ".bin"));

    internal static readonly string[] Names =
        ["e1-anonymous-set", "e2-two-tables", "e3-iptables-and-native", "e4-jump-return-interval", "e5-vmap-jump-goto", "e7-prerouting-redirect-dormant", "iptables-compat", "concat-interval", "raw-notrack"];

    public static TheoryData<string, int, string, string?, FirewallVerdict> Cases => new()
    {
        { "e1-anonymous-set", 8080, "tcp", null, FirewallVerdict.Allowed },
        { "e1-anonymous-set", 22, "tcp", "192.0.2.2", FirewallVerdict.Allowed },
        { "e1-anonymous-set", 8081, "tcp", null, FirewallVerdict.Blocked },
        { "e1-anonymous-set", 8080, "udp", null, FirewallVerdict.Blocked },
        { "e2-two-tables", 8080, "tcp", null, FirewallVerdict.Blocked },
        { "e2-two-tables", 53, "udp", null, FirewallVerdict.Allowed },
        { "e3-iptables-and-native", 8080, "tcp", "192.0.2.2", FirewallVerdict.Allowed },
        { "e3-iptables-and-native", 8081, "tcp", "192.0.2.2", FirewallVerdict.Blocked },
        { "e3-iptables-and-native", 8082, "tcp", "192.0.2.2", FirewallVerdict.Blocked },
        { "e3-iptables-and-native", 8082, "tcp", "2001:db8::2", FirewallVerdict.Allowed },
        { "e3-iptables-and-native", 8082, "tcp", null, FirewallVerdict.Depends },
        { "e4-jump-return-interval", 8080, "tcp", null, FirewallVerdict.Allowed },
        { "e4-jump-return-interval", 8081, "tcp", null, FirewallVerdict.Allowed },
        { "e4-jump-return-interval", 8100, "tcp", null, FirewallVerdict.Allowed },
        { "e4-jump-return-interval", 8101, "tcp", null, FirewallVerdict.Blocked },
        { "e4-jump-return-interval", 9999, "tcp", null, FirewallVerdict.Blocked },
        { "e5-vmap-jump-goto", 8080, "tcp", null, FirewallVerdict.Allowed },
        { "e5-vmap-jump-goto", 8081, "tcp", "192.0.2.2", FirewallVerdict.Blocked },
        { "e5-vmap-jump-goto", 8081, "tcp", "198.51.100.7", FirewallVerdict.Allowed },
        { "e5-vmap-jump-goto", 8081, "tcp", null, FirewallVerdict.Depends },
        { "e5-vmap-jump-goto", 8082, "tcp", null, FirewallVerdict.Blocked },
        { "e7-prerouting-redirect-dormant", 8080, "tcp", null, FirewallVerdict.Allowed },
        { "e7-prerouting-redirect-dormant", 8081, "tcp", null, FirewallVerdict.Blocked },
        { "e7-prerouting-redirect-dormant", 8082, "tcp", "192.0.2.2", FirewallVerdict.Unknown },
        { "iptables-compat", 80, "tcp", "192.0.2.2", FirewallVerdict.Allowed },
        { "iptables-compat", 8050, "tcp", "192.0.2.2", FirewallVerdict.Allowed },
        { "iptables-compat", 9000, "tcp", "192.0.2.2", FirewallVerdict.Depends },
        { "iptables-compat", 9100, "tcp", "192.0.2.2", FirewallVerdict.Blocked },
        { "iptables-compat", 5353, "udp", "192.0.2.2", FirewallVerdict.Allowed },
        { "iptables-compat", 9999, "tcp", "192.0.2.2", FirewallVerdict.Blocked },
        { "iptables-compat", 22, "tcp", "192.0.2.2", FirewallVerdict.Allowed },
        { "iptables-compat", 8080, "tcp", "2001:db8::2", FirewallVerdict.Allowed },
        { "iptables-compat", 80, "tcp", "2001:db8::2", FirewallVerdict.Blocked },
        { "concat-interval", 8050, "tcp", "10.1.2.3", FirewallVerdict.Allowed },
        { "concat-interval", 9000, "tcp", "10.1.2.3", FirewallVerdict.Blocked },
        { "concat-interval", 22, "tcp", "192.0.2.1", FirewallVerdict.Allowed },
        { "concat-interval", 22, "tcp", "192.0.2.2", FirewallVerdict.Blocked },
        { "concat-interval", 8050, "tcp", null, FirewallVerdict.Depends },
        { "concat-interval", 7000, "tcp", "192.0.2.2", FirewallVerdict.Depends },
        { "concat-interval", 7001, "tcp", "192.0.2.2", FirewallVerdict.Allowed },
        { "raw-notrack", 8080, "tcp", null, FirewallVerdict.Allowed },
        { "raw-notrack", 8081, "tcp", null, FirewallVerdict.Blocked },
        { "raw-notrack", 8082, "tcp", null, FirewallVerdict.Allowed },
        { "raw-notrack", 8090, "udp", null, FirewallVerdict.Allowed },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Report_CapturedRuleset_GivesMeasuredVerdict(string fixture, int port, string transport, string? from, FirewallVerdict expected)
    {
        FirewallReport report = NftVerdicts.Report(Load(fixture), new PortNumber(port), transport == "udp" ? Transport.Udp : Transport.Tcp,
            from is null ? null : IPAddress.Parse(from), []);

        Assert.True(expected == report.Verdict, $"{fixture} {port}/{transport} from {from ?? "any"}: expected {expected}, got {report}\nrules: {string.Join(" | ", report.Rules)}\nconditions: {string.Join(" | ", report.Conditions)}");
        Assert.Equal("nftables", report.Firewall);
        if (expected is FirewallVerdict.Allowed or FirewallVerdict.Blocked)
        {
            Assert.NotEmpty(report.Rules);
            Assert.Empty(report.Conditions);
        }

        if (expected == FirewallVerdict.Depends)
        {
            Assert.NotEmpty(report.Conditions);
        }
    }

    [Fact]
    public void Report_E1_NamesTheRuleWithItsComment()
    {
        FirewallReport report = NftVerdicts.Report(Load("e1-anonymous-set"), new PortNumber(8080), Transport.Tcp, null, []);

        string rule = Assert.Single(report.Rules);
        Assert.StartsWith("inet filter input handle ", rule, StringComparison.Ordinal);
        Assert.EndsWith("(\"web and ssh\")", rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_E1Blocked_NamesThePolicy()
    {
        FirewallReport report = NftVerdicts.Report(Load("e1-anonymous-set"), new PortNumber(8081), Transport.Tcp, IPAddress.Parse("192.0.2.2"), []);

        Assert.Equal(["policy drop of inet filter input"], report.Rules);
        Assert.StartsWith("Dropped by policy drop", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_E3_RejectIsNamedAsSuch()
    {
        FirewallReport report = NftVerdicts.Report(Load("e3-iptables-and-native"), new PortNumber(8081), Transport.Tcp, IPAddress.Parse("192.0.2.2"), []);

        Assert.StartsWith("Rejected by inet early input handle", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_E7Redirect_IsUnknownNamingTheExpression()
    {
        FirewallReport report = NftVerdicts.Report(Load("e7-prerouting-redirect-dormant"), new PortNumber(8082), Transport.Tcp, IPAddress.Parse("192.0.2.2"), []);

        Assert.Contains("expression 'redir'", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_E5SourceDependent_NamesTheSourceAddress()
    {
        FirewallReport report = NftVerdicts.Report(Load("e5-vmap-jump-goto"), new PortNumber(8081), Transport.Tcp, IPAddress.Parse("2001:db8::1").MapToIPv4() is var _ ? null : null, []);

        Assert.Equal(FirewallVerdict.Depends, report.Verdict);
        Assert.Contains(report.Conditions, c => c.StartsWith("the source address matches", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_LegacyTablesPresent_AllowedBecomesDepends()
    {
        FirewallReport report = NftVerdicts.Report(Load("e1-anonymous-set"), new PortNumber(8080), Transport.Tcp, null, ["ip filter"]);

        Assert.Equal(FirewallVerdict.Depends, report.Verdict);
        Assert.Contains(report.Warnings, w => w.Contains("ip filter", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_LegacyTablesPresent_BlockedStaysBlocked()
    {
        FirewallReport report = NftVerdicts.Report(Load("e1-anonymous-set"), new PortNumber(8081), Transport.Tcp, null, ["ip filter"]);

        Assert.Equal(FirewallVerdict.Blocked, report.Verdict);
    }

    [Fact]
    public void Report_EmptyRuleset_IsAllowedAndSaysNothingFilters()
    {
        FirewallReport report = NftVerdicts.Report(new NftRuleset([], [], [], []), new PortNumber(8080), Transport.Tcp, null, []);

        Assert.Equal(FirewallVerdict.Allowed, report.Verdict);
        Assert.Empty(report.Rules);
        Assert.StartsWith("No nftables chain filters incoming packets", report.Summary, StringComparison.Ordinal);
        Assert.Contains("The nftables ruleset of this network namespace is empty.", report.Warnings);
    }

    [Fact]
    public void Report_GotoLoopInADamagedDump_EndsAsUnknown()
    {
        // The kernel refuses loops at load time; a damaged dump must still not hang the evaluator.
        var input = new NftChain(NftFamily.Inet, "t", "input", 1, new NftHook(1, 0, null), 0, "filter");
        var a = new NftChain(NftFamily.Inet, "t", "a", 2, null, null, null);
        NftRule Goto(string chain, string target, ulong handle) =>
            new(NftFamily.Inet, "t", chain, handle, null, [new NftImmediate(0, new NftVerdict(NftVerdict.Goto, target), null)]);
        var ruleset = new NftRuleset([new NftTable(NftFamily.Inet, "t", 0)], [input, a], [Goto("input", "a", 3), Goto("a", "a", 4)], []);

        FirewallReport report = NftVerdicts.Report(ruleset, new PortNumber(80), Transport.Tcp, IPAddress.Parse("192.0.2.2"), []);

        Assert.Equal(FirewallVerdict.Unknown, report.Verdict);
        Assert.Contains("loop", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_E4_ReadsTablesChainsSetsAndIntervalElements()
    {
        NftRuleset ruleset = Load("e4-jump-return-interval");

        NftTable table = Assert.Single(ruleset.Tables);
        Assert.Equal((NftFamily.Inet, "f"), (table.Family, table.Name));
        NftChain input = Assert.Single(ruleset.Chains, c => c.Name == "input");
        Assert.Equal((1u, 0, 0u), (input.Hook!.Number, input.Hook.Priority, input.Policy!.Value));
        Assert.Null(Assert.Single(ruleset.Chains, c => c.Name == "svc").Hook);
        NftSet ports = Assert.Single(ruleset.Sets, s => s.Name == "ports");
        Assert.True(ports.IsInterval);
        Assert.Equal(2u, ports.KeyLength);
        // 8000-8100 as dumped: a start at 0x1f40 and an end element at 8101 (0x1fa5), plus the END at 0.
        Assert.Contains(ports.Elements, e => e.Key.SequenceEqual(new byte[] { 0x1f, 0x40 }) && !e.IsIntervalEnd);
        Assert.Contains(ports.Elements, e => e.Key.SequenceEqual(new byte[] { 0x1f, 0xa5 }) && e.IsIntervalEnd);
        Assert.Equal(3, ruleset.Rules.Count(r => r.Chain == "input"));
    }

    [Fact]
    public void Parse_E3_DecodesIptablesConntrackAsCompatMatch()
    {
        NftRuleset ruleset = Load("e3-iptables-and-native");

        NftChain input = Assert.Single(ruleset.Chains, c => c.Table == "filter" && c.Name == "INPUT");
        Assert.Equal((NftFamily.Ipv4, 0u), (input.Family, input.Policy!.Value));
        NftCompat conntrack = ruleset.Rules.SelectMany(r => r.Expressions).OfType<NftCompat>().Single(c => c.ExtensionName == "conntrack");
        Assert.Equal(3u, conntrack.Revision);
        Assert.True(conntrack.Info.Length >= 164);
    }

    [Fact]
    public void Parse_E7_KeepsTheDormantFlag()
    {
        NftRuleset ruleset = Load("e7-prerouting-redirect-dormant");

        Assert.True(Assert.Single(ruleset.Tables, t => t.Name == "dormant").IsDormant);
        Assert.False(Assert.Single(ruleset.Tables, t => t.Name == "f").IsDormant);
    }

    [Property(MaxTest = 300)]
    public Property ParseAndEvaluate_MutatedDump_ReturnsOrThrowsFormatException()
    {
        Gen<(int File, Mutation<byte>[] Mutations, int Port, bool Udp)> gen =
            from file in Gen.Choose(0, Names.Length - 1)
            from mutations in Mutation.Generator.ArrayOf()
            from port in Gen.Choose(0, 65535)
            from udp in Gen.Elements(false, true)
            select (file, mutations, port, udp);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            NftRuleset ruleset;
            try
            {
                ruleset = NftMessageParser.Parse(Mutation.Apply(Read(Names[input.File]), input.Mutations));
            }
            catch (FormatException)
            {
                return; // documented outcome for a malformed dump
            }

            FirewallReport report = NftVerdicts.Report(ruleset, new PortNumber(input.Port), input.Udp ? Transport.Udp : Transport.Tcp, null, []);
            Assert.True(Enum.IsDefined(report.Verdict));
        });
    }
}
