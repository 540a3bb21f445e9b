using Xunit;

namespace PortClassification.Tests.Firewall;

/// <summary>socketfilterfw output as seen in the wild (research/firewall.md section 6); not run on macOS here.</summary>
public sealed class SocketFilterFwOutputTests
{
    [Theory]
    [InlineData("Firewall is disabled. (State = 0)\n", 0)]
    [InlineData("Firewall is enabled. (State = 1)\n", 1)]
    [InlineData("Firewall is blocking all non-essential incoming connections. (State = 2)\n", 2)]
    [InlineData("Firewall is enabled. (State = 2)", 2)]
    [InlineData("", null)]
    [InlineData("(State = )", null)]
    [InlineData("(State = 1", null)]
    [InlineData("(State = -1)", null)]
    public void GlobalState_ReadsTheNumber(string text, int? expected) => Assert.Equal(expected, SocketFilterFwOutput.GlobalState(text));

    [Theory]
    [InlineData("Firewall stealth mode is on\n", true)]
    [InlineData("Firewall stealth mode is off\n", false)]
    [InlineData("Stealth mode enabled", true)]
    [InlineData("Stealth mode disabled", false)]
    [InlineData("something else", null)]
    public void StealthMode_ReadsOnOrOff(string text, bool? expected) => Assert.Equal(expected, SocketFilterFwOutput.StealthMode(text));

    [Theory]
    [InlineData("Firewall is disabled. (State = 0)", FirewallVerdict.Allowed)]
    [InlineData("Firewall is enabled. (State = 1)", FirewallVerdict.Depends)]
    [InlineData("Firewall is blocking all non-essential incoming connections. (State = 2)", FirewallVerdict.Blocked)]
    [InlineData("Firewall is enabled. (State = 7)", FirewallVerdict.Unknown)]
    [InlineData("garbage", FirewallVerdict.Unknown)]
    public void Report_MapsStateToVerdict_AndNotesPf(string global, FirewallVerdict expected)
    {
        FirewallReport report = SocketFilterFwOutput.Report(global, "Firewall stealth mode is on", new PortNumber(8080), Transport.Tcp, null);

        Assert.Equal(expected, report.Verdict);
        Assert.Contains(report.Warnings, w => w.StartsWith("pf (the packet filter) is not evaluated", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.StartsWith("Stealth mode is on", StringComparison.Ordinal));
    }
}
