using System.Net;
using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Sockets;

public sealed class EphemeralPortUsageTests
{
    private static readonly IPEndPoint ServerA = IPEndPoint.Parse("127.0.0.1:5000");
    private static readonly IPEndPoint ServerB = IPEndPoint.Parse("127.0.0.1:5001");

    private static SocketEntry Connection(int localPort, IPEndPoint remote, SocketState state = SocketState.Established) =>
        new(Transport.Tcp, state, new IPEndPoint(IPAddress.Loopback, localPort), remote);

    private static EphemeralPortUsage Compute(bool shared, params SocketEntry[] sockets) =>
        EphemeralPortUsage.Compute(Transport.Tcp, PortInterval.Parse("40000-40099"), [PortInterval.Parse("40090-40099")], shared, sockets, "test", true, []);

    [Fact]
    public void Compute_SharedPorts_CountsPerDestination_AndBoundPortsAgainstEveryDestination()
    {
        EphemeralPortUsage usage = Compute(
            shared: true,
            Connection(40000, ServerA), Connection(40001, ServerA), Connection(40002, ServerA, SocketState.TimeWait),
            Connection(40000, ServerB),                                                     // the same port toward another destination
            new SocketEntry(Transport.Tcp, SocketState.Listen, new IPEndPoint(IPAddress.Any, 40050), null),
            Connection(40050, ServerA),                                                     // accepted on that listener: no extra port
            new SocketEntry(Transport.Tcp, SocketState.Bound, new IPEndPoint(IPAddress.Loopback, 40051), null),
            Connection(40095, ServerA),                                                     // a reserved port: not in the pool
            Connection(30000, ServerA));                                                    // outside the range

        Assert.Equal(90, usage.Size);
        Assert.Equal(2, usage.Exclusive);
        Assert.Equal(2, usage.Destinations.Count);
        EphemeralDestination a = usage.Destinations[0];
        Assert.Equal(ServerA, a.Remote);
        Assert.Equal(IPAddress.Loopback, a.Local);
        Assert.Equal(3, a.Count);
        Assert.Equal(1, a.TimeWait);
        Assert.Equal(100.0 * 5 / 90, a.Percent, 9);
        Assert.Equal(100.0 * 3 / 90, usage.Destinations[1].Percent, 9);
        Assert.Equal(a.Percent, usage.Percent);
    }

    [Fact]
    public void Compute_NoSharing_EveryUsedPortCountsForEverybody()
    {
        EphemeralPortUsage usage = Compute(shared: false, Connection(40000, ServerA), Connection(40001, ServerB), Connection(40001, ServerA));

        Assert.Equal(2, usage.Exclusive);
        Assert.All(usage.Destinations, d => Assert.Equal(100.0 * 2 / 90, d.Percent, 9));
    }

    [Fact]
    public void Compute_NothingInTheRange_IsZero()
    {
        EphemeralPortUsage usage = Compute(shared: true, Connection(30000, ServerA));

        Assert.Empty(usage.Destinations);
        Assert.Equal(0, usage.Percent);
    }

    [Fact]
    public void Read_NotTcpOrUdp_ThrowsArgumentOutOfRangeException() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EphemeralPortUsage.Read(Transport.Sctp));

    /// <summary>
    /// Exhausts a 100-port range for real: connections to one destination until <c>connect</c> fails with "address not
    /// available"; the report says 50 % half-way and 100 % at that moment, and another destination is still free.
    /// </summary>
    [NetworkNamespaceFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Read_RangeExhaustedTowardOneDestination_Reports100PercentThere_AndHalfAtHalf() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        NetworkNamespace.WriteSysctl("ipv4/ip_local_port_range", "40000 40099");
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(ServerA);
        server.Listen(512);
        var clients = new List<Socket>();
        try
        {
            EphemeralPortUsage? half = null;
            SocketException? failure = null;
            while (failure is null)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    client.Connect(ServerA);
                    clients.Add(client);
                    clients.Add(server.Accept());
                }
                catch (SocketException e)
                {
                    client.Dispose();
                    failure = e;
                }

                if (clients.Count == 100)
                {
                    half = EphemeralPortUsage.Read();
                }

                Assert.True(clients.Count <= 400, "connect never failed");
            }

            Assert.Equal(SocketError.AddressNotAvailable, failure.SocketErrorCode);
            Assert.Equal(200, clients.Count);
            EphemeralPortUsage full = EphemeralPortUsage.Read();

            Assert.Equal(PortInterval.Parse("40000-40099"), full.Range);
            Assert.Equal(100, full.Size);
            Assert.Equal(0, full.Exclusive);
            EphemeralDestination top = full.Destinations[0];
            Assert.Equal(ServerA, top.Remote);
            Assert.Equal(100, top.Count);
            Assert.Equal(100, top.Percent);
            Assert.Equal(100, full.Percent);
            Assert.True(full.SharedAcrossDestinations);
            Assert.NotNull(half);
            Assert.Equal(50, half.Percent);
        }
        finally
        {
            foreach (Socket s in clients)
            {
                s.Dispose();
            }
        }
    });
}
