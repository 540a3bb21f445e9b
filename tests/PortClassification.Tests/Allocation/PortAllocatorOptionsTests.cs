using System.Net;
using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Allocation;

/// <summary>What each option does to leases, on port blocks from <see cref="TestPorts"/>, as in <see cref="PortAllocatorTests"/>.</summary>
[Collection(PortReuse.Name)]
public class PortAllocatorOptionsTests
{
    [Fact]
    public void Lease_PreferredPortFree_ReturnsIt()
    {
        int first = TestPorts.FreeBlock(2).First.Value;
        var allocator = TestPorts.Allocator(new PortAllocatorOptions { PreferredPorts = [new PortNumber(first + 1), new PortNumber(first)] });

        using PortLease lease = allocator.Lease();

        Assert.Equal(first + 1, lease.Port.Value);
    }

    [Fact]
    public void Lease_PreferredPortsTakenOrExcluded_FallsBackQuietly()
    {
        int first = TestPorts.FreeBlock(10).First.Value;
        var busy = new TcpListener(IPAddress.Loopback, first);
        busy.Start();
        try
        {
            var allocator = TestPorts.Allocator(new PortAllocatorOptions
            {
                PreferredPorts = [new PortNumber(first), new PortNumber(first + 1)],
                ExcludedPorts = [new PortInterval(new PortNumber(first + 1), new PortNumber(first + 1))],
                CandidatePorts = new PortInterval(new PortNumber(first + 2), new PortNumber(first + 9)),
            });

            using PortLease lease = allocator.Lease();

            Assert.InRange(lease.Port.Value, first + 2, first + 9);
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public void Lease_RequireBothTransports_BothServersBind()
    {
        var allocator = TestPorts.Allocator(new PortAllocatorOptions { RequireBothTransports = true, CandidatePorts = TestPorts.FreeBlock(10) });
        using PortLease lease = allocator.Lease();
        var tcp = new TcpListener(IPAddress.Loopback, lease.Port.Value);
        tcp.Start();
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, lease.Port.Value));
        tcp.Stop();

        Assert.EndsWith("/tcp+udp", lease.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lease_RequireBothTransportsAndUdpTaken_PortIsBusy()
    {
        PortInterval block = TestPorts.FreeBlock(1);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, block.First.Value));
        var allocator = TestPorts.Allocator(new PortAllocatorOptions { RequireBothTransports = true, CandidatePorts = block });

        var error = Assert.Throws<InvalidOperationException>(() => allocator.Lease());

        Assert.StartsWith("No free TCP+UDP port", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 in use", error.Message, StringComparison.Ordinal);

        // The TCP half of the claim was rolled back: a TCP-only lease gets the port.
        using PortLease tcpOnly = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = block }).Lease();
        Assert.Equal(block.First, tcpOnly.Port);
    }

    [Fact]
    public void Lease_OnlyIPv4LoopbackRequested_ListenerOnIPv6LoopbackDoesNotMatter()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        PortInterval block = TestPorts.FreeBlock(1);
        var other = new TcpListener(IPAddress.IPv6Loopback, block.First.Value);
        other.Start();
        try
        {
            var allocator = TestPorts.Allocator(new PortAllocatorOptions { Addresses = [IPAddress.Loopback], CandidatePorts = block });

            using PortLease lease = allocator.Lease();

            Assert.Equal(block.First, lease.Port);
        }
        finally
        {
            other.Stop();
        }
    }

    [Fact]
    public void Constructor_NoAddresses_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PortAllocator(new PortAllocatorOptions { Addresses = [] }));
        Assert.Throws<ArgumentNullException>(() => new PortAllocator(null!));
    }
}
