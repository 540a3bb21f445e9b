using System.Net;
using System.Text.Json;
using PortClassification.Tool.Reports;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

public class FirewallCommandTests
{
    private static FakeFacts Facts() => new()
    {
        Firewall = (port, transport, from) => port.Value == 8080 && transport == Transport.Tcp
            ? new FirewallFacts(port, transport, from, FirewallVerdict.Allowed, "nftables", "Accepted by inet filter input handle 4 (\"web\").", ["inet filter input handle 4 (\"web\")"], [], [])
            : new FirewallFacts(port, transport, from, FirewallVerdict.Depends, "nftables",
                "Accepted when the source address matches (inet f web handle 7); blocked by policy drop of inet f input when the source address does not match (inet f web handle 7).",
                ["inet f web handle 7", "policy drop of inet f input"], ["the source address matches (inet f web handle 7)"], ["Legacy iptables tables (ip filter) are present; their rules apply too but are not evaluated."]),
    };

    [Fact]
    public void Text_PortWithTransport_ShowsVerdictRulesAndNotes()
    {
        ToolResult result = ToolRunner.Run(Facts(), "firewall", "9000/udp");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            Firewall (inbound) (source: nftables)
              9000/udp: depends
                Accepted when the source address matches (inet f web handle 7); blocked by policy drop of inet f input when the source address does not match (inet f web handle 7).
                rule: inet f web handle 7
                rule: policy drop of inet f input
                depends on: the source address matches (inet f web handle 7)
              note: Legacy iptables tables (ip filter) are present; their rules apply too but are not evaluated.

            """,
            result.Out);
    }

    [Fact]
    public void Text_PortWithoutTransport_ChecksTcpAndUdp()
    {
        ToolResult result = ToolRunner.Run(Facts(), "firewall", "8080");

        Assert.Contains("  8080/tcp: allowed\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("  8080/udp: depends\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_HasTheDocumentedSchema_AndLowerCaseVerdicts()
    {
        FakeFacts facts = Facts();
        ToolResult result = ToolRunner.Run(facts, "firewall", "8080", "--from", "192.0.2.7", "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument document = JsonDocument.Parse(result.Out);
        JsonElement[] checks = [.. document.RootElement.GetProperty("checks").EnumerateArray()];
        Assert.Equal(2, checks.Length);
        JsonAssert.Properties(checks[0], "port", "transport", "from", "verdict", "source", "summary", "rules", "conditions", "warnings");
        Assert.Equal("allowed", checks[0].GetProperty("verdict").GetString());
        Assert.Equal("depends", checks[1].GetProperty("verdict").GetString());
        Assert.Equal("192.0.2.7", checks[0].GetProperty("from").GetString());
        Assert.Equal("inet filter input handle 4 (\"web\")", checks[0].GetProperty("rules")[0].GetString());
    }

    [Fact]
    public void NoPort_ChecksEveryListeningPortOnce()
    {
        var facts = Facts();
        facts.Listening =
        [
            FakeFacts.Listener(Transport.Tcp, "0.0.0.0:8080", 1, "a"),
            FakeFacts.Listener(Transport.Tcp, "[::]:8080", 1, "a"),
            FakeFacts.Listener(Transport.Udp, "0.0.0.0:53", 2, "b"),
        ];

        ToolResult result = ToolRunner.Run(facts, "firewall", "--json");

        using JsonDocument document = JsonDocument.Parse(result.Out);
        Assert.Equal(["8080/tcp", "53/udp"],
            document.RootElement.GetProperty("checks").EnumerateArray().Select(c => $"{c.GetProperty("port").GetInt32()}/{c.GetProperty("transport").GetString()}"));
    }

    [Fact]
    public void BadAddress_IsAUsageError()
    {
        ToolResult result = ToolRunner.Run(Facts(), "firewall", "8080", "--from", "nowhere");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'nowhere' is not an IP address", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void VerdictNames_AreTheJsonSpellings()
    {
        foreach ((FirewallVerdict verdict, string name) in new[] { (FirewallVerdict.Allowed, "allowed"), (FirewallVerdict.Blocked, "blocked"), (FirewallVerdict.Depends, "depends"), (FirewallVerdict.Unknown, "unknown") })
        {
            Assert.Equal(name, new FirewallFacts(new PortNumber(1), Transport.Tcp, null, verdict, "x", "y", [], [], []).VerdictName);
        }
    }
}
