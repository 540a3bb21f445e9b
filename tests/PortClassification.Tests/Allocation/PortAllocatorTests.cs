using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Allocation;

/// <summary>
/// Live tests on loopback. Each test that names ports takes its own block from <see cref="TestPorts"/>
/// (free when picked, never handed to another test of the run) and claims them in the run's private claim
/// directory, so parallel tests and a second run of the suite do not see each other's leases.
/// </summary>
[Collection(PortReuse.Name)]
public class PortAllocatorTests
{
    [Fact]
    public void Lease_Default_ReturnsPortOfTheDefaultPolicy()
    {
        using PortLease lease = PortAllocator.Default.Lease();

        Assert.True(PortAllocator.Default.GetPolicy(Transport.Tcp).Contains(lease.Port));
        Assert.Equal(Transport.Tcp, lease.Transport);
        Assert.NotEqual(0, lease.Port.Value);
    }

    [LinuxFact]
    public void Lease_DefaultOnLinux_IsOutsideTheEphemeralRange()
    {
        string[] range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var ephemeral = new PortInterval(PortNumber.Parse(range[0]), PortNumber.Parse(range[1]));

        using PortLease lease = PortAllocator.Default.Lease();

        Assert.False(ephemeral.Contains(lease.Port));
    }

    [Fact]
    public void Lease_ManyThreadsHoldingLeases_NoDuplicates()
    {
        var leases = new System.Collections.Concurrent.ConcurrentBag<PortLease>();
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => leases.Add(PortAllocator.Default.Lease()));
        try
        {
            Assert.Equal(400, leases.Select(l => l.Port).Distinct().Count());
        }
        finally
        {
            foreach (PortLease lease in leases)
            {
                lease.Dispose();
            }
        }
    }

    [Fact]
    public void Lease_TwoAllocatorsOneProcess_NeverShareAPort()
    {
        var options = new PortAllocatorOptions { CandidatePorts = TestPorts.FreeBlock(10) };
        var first = TestPorts.Allocator(options);
        var second = TestPorts.Allocator(options);
        var leases = new List<PortLease>();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                leases.Add(first.Lease());
                leases.Add(second.Lease());
            }

            Assert.Equal(10, leases.Select(l => l.Port).Distinct().Count());
            Assert.Throws<InvalidOperationException>(() => first.Lease());
        }
        finally
        {
            leases.ForEach(l => l.Dispose());
        }
    }

    [Fact]
    public void CrossProcessClaims_DefaultOnThisHost_IsOn()
    {
        Assert.True(PortAllocator.Default.CrossProcessClaims);
    }

    [Fact]
    public void Lease_NoClaimStore_SaysSoInPropertyAndExhaustionMessage()
    {
        using PortLease held = PortAllocator.Default.Lease();
        var options = new PortAllocatorOptions { CandidatePorts = new PortInterval(held.Port, held.Port) };
        var allocator = new PortAllocator(options, policyFactory: null, claimStore: null, noStoreReason: "the directory belongs to uid 65534");

        var error = Assert.Throws<InvalidOperationException>(() => allocator.Lease());

        Assert.False(allocator.CrossProcessClaims);
        Assert.Contains("1 leased in this process", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Cross-process claims are unavailable: the directory belongs to uid 65534.", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task IsSelfConnection_SocketConnectedToItsOwnPort_IsTrueAndAServerConnectionIsNot()
    {
        // What WaitForListenerAsync can meet on loopback: a client whose local port is the target port
        // connects to itself by TCP simultaneous open, with nothing listening.
        using var self = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        self.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await self.ConnectAsync(self.LocalEndPoint!);
        Assert.True(ListenerWait.IsSelfConnection(self));

        var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(server.LocalEndpoint);
            Assert.False(ListenerWait.IsSelfConnection(client));
        }
        finally
        {
            server.Stop();
        }
    }

    [Fact]
    public void Lease_ServerBindsLeasedPort_Succeeds()
    {
        using PortLease lease = PortAllocator.Default.Lease();
        var v4 = new TcpListener(IPAddress.Loopback, lease.Port.Value);
        v4.Start();
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, lease.Port.Value);
            Assert.True(client.Connected);
        }
        finally
        {
            v4.Stop();
        }

        // A dual-stack server on the wildcard address, as TcpListener.Create makes, binds too.
        TcpListener dual = TcpListener.Create(lease.Port.Value);
        dual.Start();
        dual.Stop();
    }

    [Fact]
    public void Lease_UdpServerBindsLeasedPort_Succeeds()
    {
        using PortLease lease = PortAllocator.Default.Lease(Transport.Udp);
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, lease.Port.Value));

        Assert.Equal(Transport.Udp, lease.Transport);
        Assert.EndsWith("/udp", lease.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lease_ListenerOnWildcard_PortIsBusy()
    {
        PortInterval block = TestPorts.FreeBlock(1);
        var busy = new TcpListener(IPAddress.Any, block.First.Value);
        busy.Start();
        try
        {
            var allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = block });

            var error = Assert.Throws<InvalidOperationException>(() => allocator.Lease());

            Assert.Contains("1 ports considered", error.Message, StringComparison.Ordinal);
            Assert.Contains("1 in use", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public void Lease_ListenerOnIPv6LoopbackOnly_PortIsBusyWhereTheHostHasIPv6()
    {
        PortInterval block = TestPorts.FreeBlock(1);
        var allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = block });
        if (!Socket.OSSupportsIPv6)
        {
            // No IPv6: the allocator skips the IPv6 addresses and still leases.
            using PortLease lease = allocator.Lease();
            Assert.Equal(block.First, lease.Port);
            return;
        }

        var busy = new TcpListener(IPAddress.IPv6Loopback, block.First.Value);
        busy.Start();
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => allocator.Lease());
            Assert.Contains("1 in use", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public void Lease_Exhausted_MessageCountsEachReason()
    {
        PortInterval block = TestPorts.FreeBlock(3);
        int first = block.First.Value;
        var holder = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = new PortInterval(block.First, block.First) });
        using PortLease held = holder.Lease();
        var busy = new TcpListener(IPAddress.Loopback, first + 1);
        busy.Start();
        try
        {
            var allocator = TestPorts.Allocator(new PortAllocatorOptions
            {
                CandidatePorts = block,
                ExcludedPorts = [new PortInterval(block.Last, block.Last)],
            });

            var error = Assert.Throws<InvalidOperationException>(() => allocator.Lease());

            Assert.Equal(
                "No free TCP port: 3 ports considered (2 candidates), none could be leased: 1 in use, 0 reserved or forbidden by the host, " +
                "1 leased in this process, 0 claimed by another process, 1 excluded by the options.",
                error.Message);
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public void Lease_AfterDispose_PortCanBeLeasedAgain()
    {
        PortInterval block = TestPorts.FreeBlock(1);
        var allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = block });
        PortLease first = allocator.Lease();
        first.Dispose();
        first.Dispose();

        using PortLease second = allocator.Lease();

        Assert.Equal(block.First, second.Port);
        Assert.True(first.IsDisposed);
    }

    [Fact]
    public void Lease_AbandonedLeaseFinalized_PortCanBeLeasedAgain()
    {
        PortInterval block = TestPorts.FreeBlock(1);
        var allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = block });
        LeaseAndAbandon(allocator);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        using PortLease again = allocator.Lease();

        Assert.Equal(block.First, again.Port);
    }

    [Fact]
    public void Lease_CursorAtIntMaxValue_WrapsAround()
    {
        PortAllocator allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = TestPorts.FreeBlock(5) });
        allocator.Cursor = int.MaxValue - 1;
        var leases = new List<PortLease>();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                leases.Add(allocator.Lease());
            }

            Assert.Equal(5, leases.Select(l => l.Port).Distinct().Count());
            Assert.True(allocator.Cursor < 0, "The cursor should have wrapped.");
        }
        finally
        {
            leases.ForEach(l => l.Dispose());
        }
    }

    [Fact]
    public void Lease_TransportNotTcpOrUdp_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PortAllocator.Default.Lease(Transport.Sctp));
    }

    [Fact]
    public async Task LeaseAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await PortAllocator.Default.LeaseAsync(Transport.Tcp, cancellation.Token));
    }

    [Fact]
    public async Task LeaseAsync_NotCancelled_ReturnsLease()
    {
        using PortLease lease = await PortAllocator.Default.LeaseAsync();

        Assert.False(lease.IsDisposed);
    }

    [LinuxFact]
    public void Lease_OnLinux_GuardMakesPlainBindsFailButKeepsReuseBindsWorking()
    {
        using PortLease lease = PortAllocator.Default.Lease();

        // Another allocator's strict test (no SO_REUSEADDR) fails ...
        using var strict = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
        var error = Assert.Throws<SocketException>(() => strict.Bind(new IPEndPoint(IPAddress.Loopback, lease.Port.Value)));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);

        // ... while a .NET server (which sets SO_REUSEADDR) binds and listens.
        using Socket server = lease.TakeSocket();
        Assert.True(server.IsBound);
    }

    /// <summary>
    /// get-port#72: a probe that still holds the port it hands out makes the server's bind fail. Without the guard
    /// socket, nothing of the allocator may be left on the port: a plain bind (no SO_REUSEADDR) succeeds on every
    /// address the allocator probed, the moment Lease returns.
    /// </summary>
    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Udp)]
    public void Lease_GuardSocketOff_PortBindsWithoutAddressReuseOnEveryProbedAddressAtOnce(Transport transport)
    {
        var options = new PortAllocatorOptions { GuardSocket = false };
        var allocator = new PortAllocator(options);
        for (int i = 0; i < 20; i++)
        {
            using PortLease lease = allocator.Lease(transport);
            foreach (IPAddress address in options.Addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork || Socket.OSSupportsIPv6))
            {
                // ProtocolType.Unspecified: .NET sets SO_REUSEADDR on Unix for ProtocolType.Tcp, which would hide a held probe.
                using var plain = new Socket(address.AddressFamily, transport == Transport.Tcp ? SocketType.Stream : SocketType.Dgram, ProtocolType.Unspecified);
                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    plain.DualMode = false;
                }

                plain.Bind(new IPEndPoint(address, lease.Port.Value));
                if (transport == Transport.Tcp)
                {
                    plain.Listen();
                }
            }
        }
    }

    [Property(MaxTest = 20)]
    public Property Lease_UntilExhausted_LeasesEveryFreeCandidateOnceThenExhausts()
    {
        return Prop.ForAll(Arb.From(Gen.Choose(1, 40)), count =>
        {
            PortInterval candidates = TestPorts.FreeBlock(count);
            var allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = candidates });
            CandidatePolicy policy = allocator.GetPolicy(Transport.Tcp);
            var busyAtStart = candidates.Where(port => !TestPorts.IsFree(port.Value)).ToHashSet();
            var leases = new List<PortLease>();
            InvalidOperationException? exhausted = null;
            try
            {
                while (leases.Count <= count)
                {
                    leases.Add(allocator.Lease());
                }
            }
            catch (InvalidOperationException e)
            {
                exhausted = e;
            }

            try
            {
                // Exhaustion comes only after every candidate was tried, and every candidate it did not lease was in
                // use: busy at the start, or taken since by another program (other test runs share the machine).
                var leased = leases.Select(l => l.Port).ToHashSet();
                return exhausted is not null
                    && policy.Count == count
                    && exhausted.Message.StartsWith($"No free TCP port: {count} ports considered ({count} candidates)", StringComparison.Ordinal)
                    && leased.Count == leases.Count
                    && leased.All(candidates.Contains)
                    && candidates.Where(p => !leased.Contains(p)).All(p => busyAtStart.Contains(p) || !TestPorts.IsFree(p.Value));
            }
            finally
            {
                leases.ForEach(l => l.Dispose());
            }
        });
    }

    private static void LeaseAndAbandon(PortAllocator allocator) => _ = allocator.Lease();
}
