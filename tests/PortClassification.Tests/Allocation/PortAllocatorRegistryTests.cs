using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Allocation;

/// <summary>
/// <see cref="PortAllocatorOptions.Registry"/>: the registry the allocator asks which user ports are unassigned, on a
/// fake host whose ephemeral range is the whole IANA dynamic range (as on Windows), so every candidate is a user port
/// above 10000 that the registry lists as unassigned.
/// </summary>
[Collection(PortReuse.Name)]
public class PortAllocatorRegistryTests
{
    private const string Header =
        "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n";

    [Fact]
    public void Lease_CustomRegistry_OnlyPortsItListsAsUnassigned()
    {
        // Everything from 10001 to 49151 is assigned for TCP except 20100.
        ServiceRegistry registry = Csv("blocker-a,10001-20099,tcp,Blocker A,,,,,,,,\nblocker-b,20101-49151,tcp,Blocker B,,,,,,,,\n");
        PortAllocator allocator = WindowsLikeHost(new PortAllocatorOptions { Registry = registry });

        using (PortLease lease = allocator.Lease())
        {
            Assert.Equal(20100, lease.Port.Value);

            // The only candidate is taken: the next lease is exhausted, not handed a port the registry calls assigned.
            Assert.Throws<InvalidOperationException>(() => allocator.Lease());
        }
    }

    [Fact]
    public void Lease_CustomRegistryWithBothTransports_SkipsPortsAssignedForEither()
    {
        // 20100 is free for TCP but assigned for UDP; 20200 is unassigned for both.
        var rows = new StringBuilder();
        foreach (string transport in (string[])["tcp", "udp"])
        {
            rows.Append(CultureInfo.InvariantCulture, $"blocker-a,10001-20099,{transport},Blocker A,,,,,,,,\n");
            rows.Append(CultureInfo.InvariantCulture, $"blocker-b,20101-20199,{transport},Blocker B,,,,,,,,\n");
            rows.Append(CultureInfo.InvariantCulture, $"blocker-c,20201-49151,{transport},Blocker C,,,,,,,,\n");
        }

        rows.Append("udp-only,20100,udp,UDP only,,,,,,,,\n");
        ServiceRegistry registry = Csv(rows.ToString());
        PortAllocator allocator = WindowsLikeHost(new PortAllocatorOptions { Registry = registry, RequireBothTransports = true });

        using PortLease lease = allocator.Lease();

        Assert.Equal(20200, lease.Port.Value);
    }

    [Fact]
    public void Lease_NoRegistry_UsesTheDefaultRegistry()
    {
        Assert.Null(new PortAllocatorOptions().Registry);
        PortAllocator allocator = WindowsLikeHost(new PortAllocatorOptions());

        using PortLease lease = allocator.Lease();

        Assert.InRange(lease.Port.Value, 10001, 49151);
        Assert.Equal(RegistrationStatus.Unassigned, ServiceRegistry.Default.GetStatus(lease.Port, Transport.Tcp));
    }

    private static ServiceRegistry Csv(string rows) => ServiceRegistry.LoadIanaCsv(new MemoryStream(Encoding.UTF8.GetBytes(Header + rows)));

    /// <summary>An allocator on a host whose ephemeral range is 49152-65535, where every bind test succeeds.</summary>
    private static PortAllocator WindowsLikeHost(PortAllocatorOptions options)
    {
        var settings = new HostPortSettings(EphemeralRanges.Same(PortInterval.Parse("49152-65535")), [], [], (PortNumber)1024, supportsSctpAndDccp: true, []);
        return new PortAllocator(
            options,
            policyFactory: null,
            claimStore: null,
            noStoreReason: "the test uses no claim store",
            new AllocatorHost(() => settings, isWsl: false, Free));
    }

    private static ProbeOutcome Free(PortNumber port, Transport transport, IReadOnlyList<IPAddress> addresses, bool[] unavailable, List<Socket> guards, bool keepGuards) =>
        ProbeOutcome.Free;
}
