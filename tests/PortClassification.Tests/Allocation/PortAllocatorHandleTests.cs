using System.Diagnostics;
using PortClassification.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace PortClassification.Tests.Allocation;

/// <summary>Counts this process's open sockets and files, so it runs alone: other tests open sockets too.</summary>
[CollectionDefinition(nameof(PortAllocatorHandleTests), DisableParallelization = true)]
public sealed class PortAllocatorHandleTestsDefinition;

[Collection(nameof(PortAllocatorHandleTests))]
public sealed class PortAllocatorHandleTests(ITestOutputHelper output)
{
    [LinuxFact]
    public void Lease_HundredThousandLeaseDisposeCycles_SocketAndClaimDescriptorsBackToBaseline()
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
        Dictionary<string, string> before = Descriptors();
        int baseline = before.Count;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Cycles; i++)
        {
            allocator.Lease().Dispose();
        }

        clock.Stop();
        Dictionary<string, string> now = Descriptors();
        int after = now.Count;
        string added = string.Join(", ", now.Where(d => !before.TryGetValue(d.Key, out string? target) || target != d.Value).Select(d => $"{d.Key} -> {d.Value}"));
        output.WriteLine($"{Cycles} cycles in {clock.ElapsedMilliseconds} ms ({Cycles / clock.Elapsed.TotalSeconds:0} leases/s); descriptors {baseline} -> {after}; new: {added}");

        // What the allocator opens — sockets and claim files — must be back to the baseline (or below, should
        // something else close one). Other descriptors may appear meanwhile (the runtime maps assemblies that
        // other code loads late), but a leak of one per lease would be 100,000 of them.
        Assert.InRange(AllocatorOwned(now), 0, AllocatorOwned(before));
        Assert.InRange(after, 0, baseline + 16);
    }

    private static int AllocatorOwned(Dictionary<string, string> descriptors) =>
        descriptors.Values.Count(target => target.StartsWith("socket:", StringComparison.Ordinal) || target.Contains("/portclassification-", StringComparison.Ordinal));

    private static Dictionary<string, string> Descriptors()
    {
        var descriptors = new Dictionary<string, string>();
        foreach (string path in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                descriptors[Path.GetFileName(path)] = new FileInfo(path).LinkTarget ?? "?";
            }
            catch (IOException)
            {
                // Closed while listing.
            }
        }

        return descriptors;
    }
}
