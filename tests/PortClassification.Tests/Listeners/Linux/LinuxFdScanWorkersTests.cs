using System.Collections.Concurrent;
using System.Runtime.Versioning;
using Xunit;

namespace PortClassification.Tests.Listeners.Linux;

/// <summary>The owner scan's own worker threads, which replace <c>Parallel.For</c> (its gate thread can fail fast at a low <c>ulimit -n</c>).</summary>
[SupportedOSPlatform("linux")]
public class LinuxFdScanWorkersTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    public void Run_EveryIndexRunsExactlyOnce(int workers)
    {
        var runs = new ConcurrentDictionary<int, int>();

        LinuxFdScanWorkers.Run(workers, i => runs.AddOrUpdate(i, 1, (_, n) => n + 1));

        Assert.Equal(Enumerable.Range(0, workers), runs.Keys.Order());
        Assert.All(runs.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public void Run_AllDoneBeforeItReturns()
    {
        int done = 0;

        LinuxFdScanWorkers.Run(4, _ =>
        {
            Thread.Sleep(20);
            Interlocked.Increment(ref done);
        });

        Assert.Equal(4, Volatile.Read(ref done));
    }

    [Fact]
    public void Run_WorkThrows_RethrownOnTheCaller()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LinuxFdScanWorkers.Run(4, i =>
        {
            if (i == 3)
            {
                throw new InvalidOperationException("index 3");
            }
        }));

        Assert.Equal("index 3", e.Message);
    }
}
