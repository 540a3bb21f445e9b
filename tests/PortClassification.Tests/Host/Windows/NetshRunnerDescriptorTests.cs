using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Host.Windows;

/// <summary>
/// Counts this process's descriptors around many runs, so it runs alone, after the parallel tests: beside them,
/// other tests' sockets, pipes and files come and go and the count says nothing about the runner.
/// </summary>
[Collection(PortReuse.Name)]
public class NetshRunnerDescriptorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [LinuxFact]
    public void Run_ManyRuns_ReleasesBothPipesOfEachRunWithoutWaitingForFinalizers()
    {
        const int Runs = 100;
        NetshRunner.Run("/bin/echo", ["warm-up"], Timeout);
        int before = OpenDescriptorCount();

        for (int i = 0; i < Runs; i++)
        {
            Assert.Equal(HostSettingFallback.None, NetshRunner.Run("/bin/echo", ["x"], Timeout).Fallback);
        }

        // Leaking the two pipes would add 2 * Runs; other tests running in parallel open a few descriptors.
        int growth = OpenDescriptorCount() - before;
        Assert.True(growth < Runs / 2, $"{growth} more descriptors are open after {Runs} runs");
    }

    private static int OpenDescriptorCount() => Directory.GetFiles("/proc/self/fd").Length;
}
