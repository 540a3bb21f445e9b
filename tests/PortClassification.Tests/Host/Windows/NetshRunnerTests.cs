using System.Diagnostics;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Host.Windows;

/// <summary>The runner's process handling, exercised with Unix programs (netsh itself exists only on Windows).</summary>
public class NetshRunnerTests
{
    // For programs expected to finish: only a hang reaches it, and a loaded machine can take seconds to start one.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

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
        NetshResult result = NetshRunner.Run("/bin/sleep", ["120"], TimeSpan.FromMilliseconds(300));

        // Without the kill this takes 120 s; the rest is time for a loaded machine to start and stop sleep.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(100), $"took {clock.Elapsed}");
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

    [LinuxFact]
    public void Run_GrandchildKeepsThePipesOpen_ReturnsAtTheDeadline()
    {
        // sh exits at once but its grandchild keeps the pipes for two minutes. The deadline leaves a loaded machine
        // ample time to start and end sh (otherwise the result would be "did not finish"); returning well before
        // the grandchild ends shows the runner does not wait for the pipes past the deadline.
        var clock = Stopwatch.StartNew();
        NetshResult result = NetshRunner.Run("/bin/sh", ["-c", "sleep 120 & echo started"], TimeSpan.FromSeconds(15));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(100), $"took {clock.Elapsed}");
        Assert.Null(result.Output);
        Assert.Equal(HostSettingFallback.Unreadable, result.Fallback);
        Assert.Equal("sh exited but its output did not end.", result.Error);
    }

    [LinuxFact]
    public void RunAll_SeveralHang_SharesOneDeadline()
    {
        // Five runs that never end: one deadline each would take at least 5 x 10 = 50 s, so staying under 50 s proves
        // the deadline is shared, and leaves a loaded machine 40 s to start and stop five processes.
        var clock = Stopwatch.StartNew();
        NetshResult[] results = NetshRunner.RunAll("/bin/sleep", [["120"], ["120"], ["120"], ["120"], ["120"]], TimeSpan.FromSeconds(10));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(50), $"took {clock.Elapsed}");
        Assert.Equal(5, results.Length);
        Assert.All(results, result => Assert.Equal("sleep did not finish within 10 seconds and was stopped.", result.Error));
    }

    [LinuxFact]
    public void RunAll_MixedOutcomes_ReturnsOneResultPerCommandInOrder()
    {
        NetshResult[] results = NetshRunner.RunAll("/bin/sh", [["-c", "echo one"], ["-c", "exit 4"], ["-c", "echo three"]], Timeout);

        Assert.Equal(["one\n", null, "three\n"], results.Select(r => r.Output));
        Assert.Equal("sh exited with code 4: ", results[1].Error);
    }
}
