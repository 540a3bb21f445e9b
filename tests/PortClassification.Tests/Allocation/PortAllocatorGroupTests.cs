using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Allocation;

/// <summary>Several ports in one lease (<see cref="PortAllocator.LeaseMany"/>) and contiguous blocks (<see cref="PortAllocator.LeaseBlock"/>), live on loopback.</summary>
public class PortAllocatorGroupTests
{
    [Fact]
    public void LeaseBlock_FreeRange_IsContiguousAscendingAndEveryPortBindable()
    {
        PortInterval range = TestPorts.FreeBlock(12);
        PortAllocator allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = range });

        using PortLeaseGroup block = allocator.LeaseBlock(5);

        Assert.Equal(5, block.Count);
        PortInterval interval = Assert.NotNull(block.Interval);
        Assert.Equal(5, interval.Count);
        Assert.Equal(Enumerable.Range(interval.First.Value, 5), block.Ports.Select(p => (int)p.Value));
        Assert.All(block.Ports, p => Assert.True(range.Contains(p)));
        // A server binds each port while the group holds it (a .NET listener sets SO_REUSEADDR, as the guard needs).
        foreach (PortLease lease in block)
        {
            using Socket server = lease.TakeSocket();
            Assert.Equal(lease.Port.Value, ((IPEndPoint)server.LocalEndPoint!).Port);
        }
    }

    [Fact]
    public void LeaseBlock_WithoutGuard_EveryPortBindableByAStrictBind()
    {
        PortInterval range = TestPorts.FreeBlock(8);
        PortAllocator allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = range, GuardSocket = false });

        using PortLeaseGroup block = allocator.LeaseBlock(8);

        Assert.Equal(range, block.Interval);
        foreach (PortNumber port in block.Ports)
        {
            // ProtocolType.Unspecified skips .NET's SO_REUSEADDR: the bind a plain C or Python server makes.
            using var strict = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
            strict.Bind(new IPEndPoint(IPAddress.Loopback, port.Value));
            strict.Listen();
        }
    }

    [Fact]
    public void LeaseBlock_BusyPortInTheMiddle_BlockAvoidsIt()
    {
        PortInterval range = TestPorts.FreeBlock(5);
        PortAllocator allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = range });
        using var busy = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        busy.Bind(new IPEndPoint(IPAddress.Loopback, range.First.Value + 2));
        busy.Listen();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => allocator.LeaseBlock(3));
        Assert.StartsWith("No block of 3 consecutive free ports. No free TCP port:", error.Message, StringComparison.Ordinal);
        Assert.Contains("in use", error.Message, StringComparison.Ordinal);

        using PortLeaseGroup two = allocator.LeaseBlock(2);
        PortInterval got = Assert.NotNull(two.Interval);
        Assert.True(got.Last.Value < range.First.Value + 2 || got.First.Value > range.First.Value + 2, got.ToString());
    }

    [Fact]
    public void LeaseBlock_Failed_ReleasesWhatItTook()
    {
        PortInterval range = TestPorts.FreeBlock(4);
        PortAllocator allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = range });

        Assert.Throws<InvalidOperationException>(() => allocator.LeaseBlock(5));

        using PortLeaseGroup all = allocator.LeaseBlock(4);
        Assert.Equal(range, all.Interval);
    }

    [Fact]
    public void LeaseMany_MoreThanFree_ThrowsWithCountAndReasonsAndReleasesAll()
    {
        PortInterval range = TestPorts.FreeBlock(6);
        PortAllocator allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = range });

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => allocator.LeaseMany(7));

        Assert.StartsWith("Leased 6 of 7 ports, then none was left. No free TCP port: 6 ports considered (6 candidates)", error.Message, StringComparison.Ordinal);
        Assert.Contains("6 leased in this process", error.Message, StringComparison.Ordinal);
        using PortLeaseGroup all = allocator.LeaseMany(6);
        Assert.Equal(6, all.Ports.Distinct().Count());
    }

    [Fact]
    public void LeaseMany_Udp_DistinctPortsReleasedTogether()
    {
        PortInterval range = TestPorts.FreeBlock(10);
        PortAllocator allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = range });

        PortLeaseGroup group = allocator.LeaseMany(4, Transport.Udp);
        Assert.Equal(Transport.Udp, group.Transport);
        Assert.Equal(4, group.Ports.Distinct().Count());
        Assert.EndsWith("/udp", group.ToString(), StringComparison.Ordinal);
        group.Dispose();

        Assert.All(group, lease => Assert.True(lease.IsDisposed));
        using PortLeaseGroup again = allocator.LeaseMany(10, Transport.Udp);
        Assert.Equal(10, again.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void LeaseMany_And_LeaseBlock_CountOutOfRange_Throw(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PortAllocator.Default.LeaseMany(count));
        Assert.Throws<ArgumentOutOfRangeException>(() => PortAllocator.Default.LeaseBlock(count));
    }

    [Fact]
    public void ToString_Block_IsTheInterval()
    {
        PortInterval range = TestPorts.FreeBlock(3);
        PortAllocator allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = range });

        using PortLeaseGroup block = allocator.LeaseBlock(3);

        Assert.Equal(range + "/tcp", block.ToString());
    }

    [Property]
    public Property ConsecutiveRun_AnyCandidates_CountsOnlyConsecutivePorts()
    {
        Gen<(int First, int Length, int Hole, int Start, int Limit)> cases =
            from first in Gen.Choose(1, 60000)
            from length in Gen.Choose(1, 200)
            from hole in Gen.Choose(0, 250)
            from start in Gen.Choose(0, 198)
            from limit in Gen.Choose(1, 300)
            select (first, length, hole, start, limit);
        return Prop.ForAll(Arb.From(cases), c =>
        {
            PortInterval span = new((ushort)c.First, (ushort)(c.First + c.Length - 1));
            PortInterval[] excluded = c.Hole < c.Length ? [new PortInterval((ushort)(c.First + c.Hole))] : [];
            CandidatePolicy policy = CandidatePolicy.CreateExplicit(span, [], excluded);
            int start = Math.Min(c.Start, policy.Count - 1);
            if (start < 0)
            {
                return true;
            }

            int run = PortAllocator.ConsecutiveRun(policy, start, c.Limit);
            int expected = 1;
            while (expected < c.Limit && start + expected < policy.Count && policy[start + expected].Value == policy[start].Value + expected)
            {
                expected++;
            }

            return run == expected && run >= 1 && run <= c.Limit;
        });
    }
}
