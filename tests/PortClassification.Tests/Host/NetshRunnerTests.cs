using System.Diagnostics;
using PortClassification.Internal;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Host;

/// <summary>The runner's process handling, exercised with Unix programs (netsh itself exists only on Windows).</summary>
public class NetshRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [LinuxFact]
    public void Run_ProgramSucceeds_ReturnsStandardOutputWithArgumentsPassedVerbatim()
    {
        NetshResult result = NetshRunner.Run("/bin/echo", ["int", "ipv4", "show", "a;b $(c)"], Timeout);

        Assert.Equal(HostSettingFallback.None, result.Fallback);
        Assert.Equal("int ipv4 show a;b $(c)\n", result.Output);
    }

    [LinuxFact]
    public void Run_ProgramHangs_KillsItAtTheTimeout()
    {
        var clock = Stopwatch.StartNew();
        NetshResult result = NetshRunner.Run("/bin/sleep", ["30"], TimeSpan.FromMilliseconds(300));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Null(result.Output);
        Assert.Equal(HostSettingFallback.Unreadable, result.Fallback);
        Assert.Equal("sleep did not finish within 0.3 seconds and was stopped.", result.Error);
    }

    [LinuxFact]
    public void Run_ProgramFails_ReportsExitCodeAndStandardError()
    {
        NetshResult result = NetshRunner.Run("/bin/sh", ["-c", "echo 'The following command was not found.' >&2; exit 3"], Timeout);

        Assert.Null(result.Output);
        Assert.Equal(HostSettingFallback.Unreadable, result.Fallback);
        Assert.Equal("sh exited with code 3: The following command was not found.", result.Error);
    }

    [LinuxFact]
    public void Run_ProgramMissing_ReportsAbsent()
    {
        NetshResult result = NetshRunner.Run("/nonexistent/netsh.exe", [], Timeout);

        Assert.Null(result.Output);
        Assert.Equal(HostSettingFallback.Absent, result.Fallback);
        Assert.StartsWith("netsh could not be started", result.Error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Run_EndlessOutput_KeepsAtMostOneCharacterOverTheParserLimit()
    {
        NetshResult result = NetshRunner.Run("/bin/sh", ["-c", "head -c 3000000 /dev/zero | tr '\\0' 7"], Timeout);

        Assert.Equal(NetshOutput.MaxLength + 1, result.Output!.Length);
        Assert.Throws<FormatException>(() => NetshOutput.ParseExcludedPortRanges(result.Output));
    }
}
