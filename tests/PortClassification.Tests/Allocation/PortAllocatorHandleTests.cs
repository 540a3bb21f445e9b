using System.Diagnostics;
using PortClassification.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace PortClassification.Tests;

/// <summary>Counts this process's open descriptors, so it runs alone: other tests open sockets too.</summary>
[CollectionDefinition(nameof(PortAllocatorHandleTests), DisableParallelization = true)]
public sealed class PortAllocatorHandleTestsDefinition;

[Collection(nameof(PortAllocatorHandleTests))]
public sealed class PortAllocatorHandleTests(ITestOutputHelper output)
{
    [LinuxFact]
    public void Lease_HundredThousandLeaseDisposeCycles_OpenDescriptorsBackToBaseline()
    {
        const int Cycles = 100_000;
        var allocator = new PortAllocator(new PortAllocatorOptions());
        for (int i = 0; i < 1_000; i++)
        {
            allocator.Lease().Dispose();
        }

        // Let earlier tests' abandoned sockets and processes close first, so only this loop moves the count.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        int baseline = OpenDescriptors();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Cycles; i++)
        {
            allocator.Lease().Dispose();
        }

        clock.Stop();
        int after = OpenDescriptors();
        output.WriteLine($"{Cycles} cycles in {clock.ElapsedMilliseconds} ms ({Cycles / clock.Elapsed.TotalSeconds:0} leases/s); descriptors {baseline} -> {after}");

        // A leak of one descriptor per lease would show as 100,000 more; nothing else in the process may open any now.
        Assert.InRange(after, 0, baseline);
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;
}
