using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Firewall;

/// <summary>Windows Defender Firewall evaluation on hand-built rule sets (the API's values as INetFwRule reports them).</summary>
public sealed class WindowsFirewallEvaluatorTests
{
    private const int Domain = 1, Private = 2, Public = 4, All = 0x7FFFFFFF;

    private static WindowsFirewallRule Rule(string name, int action, string ports = "*", int protocol = 6, int profiles = All, string remote = "*",
        string? application = null, bool enabled = true, int direction = 1, string? service = null, string local = "*", string types = "All", bool interfaces = false) =>
        new(name, enabled, direction, protocol, ports, remote, local, profiles, action, application, service, types, interfaces);

    private static WindowsFirewallProfile Profile(int bit, bool enabled = true, bool blockAll = false, int defaultAction = 0) => new(bit, enabled, blockAll, defaultAction);

    private static FirewallReport Evaluate(WindowsFirewallRule[] rules, int port = 8080, Transport transport = Transport.Tcp, string? from = null, string? program = null, params WindowsFirewallProfile[] profiles) =>
        WindowsFirewallEvaluator.Evaluate(new WindowsFirewallPolicy(profiles.Length == 0 ? [Profile(Private)] : profiles, rules, null),
            new PortNumber(port), transport, from is null ? null : IPAddress.Parse(from), program);

    [Fact]
    public void Evaluate_NoRules_DefaultBlock_IsBlockedByTheDefault()
    {
        FirewallReport report = Evaluate([]);

        Assert.Equal(FirewallVerdict.Blocked, report.Verdict);
        Assert.Equal(["private profile: default inbound action block"], report.Rules);
        Assert.Equal("windows-firewall", report.Firewall);
    }

    [Fact]
    public void Evaluate_AllowRuleForThePort_IsAllowedNamingTheRule()
    {
        FirewallReport report = Evaluate([Rule("Web server", 1, "80,443,8000-8100")]);

        Assert.Equal(FirewallVerdict.Allowed, report.Verdict);
        Assert.Equal(["Web server"], report.Rules);
    }

    [Fact]
    public void Evaluate_BlockAndAllowBothMatch_BlockWins()
    {
        FirewallReport report = Evaluate([Rule("Allow web", 1, "8080"), Rule("Block web", 0, "8000-9000")]);

        Assert.Equal(FirewallVerdict.Blocked, report.Verdict);
        Assert.Equal(["Block web"], report.Rules);
    }

    [Theory]
    [InlineData("8081", FirewallVerdict.Blocked)]
    [InlineData("8000-8079,8081-9000", FirewallVerdict.Blocked)]
    [InlineData("8079-8080", FirewallVerdict.Allowed)]
    [InlineData("*", FirewallVerdict.Allowed)]
    [InlineData("RPC", FirewallVerdict.Depends)]
    [InlineData("RPC-EPMap, 8080", FirewallVerdict.Allowed)]
    [InlineData("9000-8000", FirewallVerdict.Depends)]
    public void Evaluate_LocalPorts_AreMatchedAsListsRangesAndKeywords(string ports, FirewallVerdict expected) =>
        Assert.Equal(expected, Evaluate([Rule("r", 1, ports)]).Verdict);

    [Fact]
    public void Evaluate_RuleForOtherProfile_DoesNotApply()
    {
        FirewallReport report = Evaluate([Rule("Domain only", 1, profiles: Domain)], profiles: Profile(Public));

        Assert.Equal(FirewallVerdict.Blocked, report.Verdict);
    }

    [Fact]
    public void Evaluate_TwoProfilesDisagree_DependsOnTheProfile()
    {
        FirewallReport report = Evaluate([Rule("Private only", 1, profiles: Private)], profiles: [Profile(Private), Profile(Public)]);

        Assert.Equal(FirewallVerdict.Depends, report.Verdict);
        Assert.StartsWith("the network profile", report.Conditions[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ProfileDisabled_IsAllowed() =>
        Assert.Equal(FirewallVerdict.Allowed, Evaluate([Rule("Block all", 0)], profiles: Profile(Private, enabled: false)).Verdict);

    [Fact]
    public void Evaluate_BlockAllInbound_IgnoresAllowRules() =>
        Assert.Equal(FirewallVerdict.Blocked, Evaluate([Rule("Allow", 1)], profiles: Profile(Private, blockAll: true)).Verdict);

    [Fact]
    public void Evaluate_DefaultAllow_UncertainBlockRule_Depends()
    {
        FirewallReport report = Evaluate([Rule("Block subnet", 0, remote: "10.0.0.0/255.0.0.0")], profiles: Profile(Private, defaultAction: 1));

        Assert.Equal(FirewallVerdict.Depends, report.Verdict);
        Assert.Contains("the remote address", report.Conditions[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1.2.3", FirewallVerdict.Blocked)]
    [InlineData("192.0.2.1", FirewallVerdict.Allowed)]
    public void Evaluate_RemoteAddressKnown_DecidesSubnetRules(string from, FirewallVerdict expected) =>
        Assert.Equal(expected, Evaluate([Rule("Block subnet", 0, remote: "10.0.0.0/255.0.0.0")], from: from, profiles: Profile(Private, defaultAction: 1)).Verdict);

    [Fact]
    public void Evaluate_OutboundDisabledAndOtherProtocolRules_AreIgnored()
    {
        FirewallReport report = Evaluate(
        [
            Rule("Out", 1, direction: 2),
            Rule("Off", 1, enabled: false),
            Rule("UDP", 1, protocol: 17),
            Rule("ICMP", 1, ports: "", protocol: 1),
        ]);

        Assert.Equal(FirewallVerdict.Blocked, report.Verdict);
    }

    [Fact]
    public void Evaluate_AnyProtocolAllow_Applies() =>
        Assert.Equal(FirewallVerdict.Allowed, Evaluate([Rule("Any", 1, ports: "", protocol: 256)], transport: Transport.Udp).Verdict);

    [Theory]
    [InlineData(null, FirewallVerdict.Depends)]
    [InlineData(@"C:\Apps\server.exe", FirewallVerdict.Allowed)]
    [InlineData(@"c:\apps\SERVER.exe", FirewallVerdict.Allowed)]
    [InlineData(@"C:\Apps\other.exe", FirewallVerdict.Blocked)]
    public void Evaluate_ProgramRule_MatchesTheListeningProgram(string? program, FirewallVerdict expected) =>
        Assert.Equal(expected, Evaluate([Rule("Server", 1, application: @"C:\Apps\server.exe")], program: program).Verdict);

    [Fact]
    public void Evaluate_ProgramBlockRuleWithUnknownProgram_AllowIsNotCertain()
    {
        FirewallReport report = Evaluate([Rule("Allow port", 1), Rule("Block app", 0, application: @"C:\Apps\bad.exe")]);

        Assert.Equal(FirewallVerdict.Depends, report.Verdict);
    }

    [Fact]
    public void Evaluate_ServiceInterfaceAndLocalAddressRules_Depend()
    {
        Assert.Equal(FirewallVerdict.Depends, Evaluate([Rule("Svc", 1, service: "W3SVC")]).Verdict);
        Assert.Equal(FirewallVerdict.Depends, Evaluate([Rule("If", 1, interfaces: true)]).Verdict);
        Assert.Equal(FirewallVerdict.Depends, Evaluate([Rule("Lan", 1, types: "Lan")]).Verdict);
        Assert.Equal(FirewallVerdict.Depends, Evaluate([Rule("Local", 1, local: "192.0.2.5")]).Verdict);
    }

    [Fact]
    public void Evaluate_ReaderFailure_IsUnknownWithTheReason()
    {
        FirewallReport report = WindowsFirewallEvaluator.Evaluate(new WindowsFirewallPolicy([], [], "Windows Firewall could not be read: INetFwPolicy2.CurrentProfileTypes failed with HRESULT 0x80004001."),
            new PortNumber(80), Transport.Tcp, null, null);

        Assert.Equal(FirewallVerdict.Unknown, report.Verdict);
        Assert.Contains("0x80004001", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnreadableProfileSetting_IsUnknown() =>
        Assert.Equal(FirewallVerdict.Unknown, Evaluate([], profiles: new WindowsFirewallProfile(Private, true, null, 0)).Verdict);

    [Theory]
    [InlineData("*", "10.0.0.1", "True")]
    [InlineData("10.0.0.1", "10.0.0.1", "True")]
    [InlineData("10.0.0.0/8", "10.9.9.9", "True")]
    [InlineData("10.0.0.0/255.255.0.0", "10.1.0.1", "False")]
    [InlineData("10.0.0.5-10.0.0.9", "10.0.0.7", "True")]
    [InlineData("10.0.0.5-10.0.0.9", "10.0.0.10", "False")]
    [InlineData("LocalSubnet", "10.0.0.1", "Unknown")]
    [InlineData("LocalSubnet,10.0.0.1", "10.0.0.1", "True")]
    [InlineData("2001:db8::/32", "2001:db8::1", "True")]
    [InlineData("2001:db8::/32", "10.0.0.1", "False")]
    [InlineData("10.0.0.0/255.0.255.0", "10.0.0.1", "Unknown")]
    public void CoversAddress_ListForms(string list, string address, string expected) =>
        Assert.Equal(expected, WindowsPortList.CoversAddress(list, IPAddress.Parse(address)).ToString());

    [Property(MaxTest = 500)]
    public Property CoversPort_AnyText_NeverThrows_AndSingleNumbersAreExact(string? text, ushort port)
    {
        _ = WindowsPortList.CoversPort(text, port);
        _ = WindowsPortList.CoversAddress(text, IPAddress.Loopback);
        return (WindowsPortList.CoversPort(port.ToString(System.Globalization.CultureInfo.InvariantCulture), port) == Truth.True).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Evaluate_BlockRuleForThePort_IsNeverAllowed(bool[] allowRules, int profileChoice)
    {
        // Whatever allow rules exist, a matching enabled block rule for the port makes every verdict Blocked.
        WindowsFirewallRule[] rules = [.. (allowRules ?? []).Select((on, i) => Rule($"allow {i}", 1, on ? "8080" : "1-65535", enabled: on || i % 2 == 0)), Rule("block", 0, "8080")];
        int profile = new[] { Domain, Private, Public }[Math.Abs(profileChoice % 3)];
        return (Evaluate(rules, profiles: Profile(profile, defaultAction: profileChoice & 1)).Verdict == FirewallVerdict.Blocked).ToProperty();
    }
}
