using System.Net;
using System.Net.Sockets;
using Xunit;

namespace PortClassification.Tests;

/// <summary>What each option does to leases. Ports 23000-24999, as in <see cref="PortAllocatorTests"/>.</summary>
public class PortAllocatorOptionsTests
{
    [Fact]
    public void Lease_PreferredPortFree_ReturnsIt()
    {
        var allocator = new PortAllocator(new PortAllocatorOptions { PreferredPorts = [23041, 23040] });

        using PortLease lease = allocator.Lease();

        Assert.Equal(23041, lease.Port.Value);
    }

    [Fact]
    public void Lease_PreferredPortsTakenOrExcluded_FallsBackQuietly()
    {
        var busy = new TcpListener(IPAddress.Loopback, 23050);
        busy.Start();
        try
        {
            var allocator = new PortAllocator(new PortAllocatorOptions
            {
                PreferredPorts = [23050, 23051],
                ExcludedPorts = [PortInterval.Parse("23051")],
                CandidatePorts = PortInterval.Parse("23052-23059"),
            });

            using PortLease lease = allocator.Lease();

            Assert.InRange(lease.Port.Value, 23052, 23059);
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public void Lease_RequireBothTransports_BothServersBind()
    {
        var allocator = new PortAllocator(new PortAllocatorOptions { RequireBothTransports = true, CandidatePorts = PortInterval.Parse("23010-23019") });
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
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 23090));
        var allocator = new PortAllocator(new PortAllocatorOptions { RequireBothTransports = true, CandidatePorts = PortInterval.Parse("23090") });

        var error = Assert.Throws<InvalidOperationException>(() => allocator.Lease());

        Assert.StartsWith("No free TCP+UDP port", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 in use", error.Message, StringComparison.Ordinal);

        // The TCP half of the claim was rolled back: a TCP-only lease gets the port.
        using PortLease tcpOnly = new PortAllocator(new PortAllocatorOptions { CandidatePorts = PortInterval.Parse("23090") }).Lease();
        Assert.Equal(23090, tcpOnly.Port.Value);
    }

    [Fact]
    public void Lease_OnlyIPv4LoopbackRequested_ListenerOnIPv6LoopbackDoesNotMatter()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        var other = new TcpListener(IPAddress.IPv6Loopback, 23095);
        other.Start();
        try
        {
            var allocator = new PortAllocator(new PortAllocatorOptions { Addresses = [IPAddress.Loopback], CandidatePorts = PortInterval.Parse("23095") });

            using PortLease lease = allocator.Lease();

            Assert.Equal(23095, lease.Port.Value);
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
