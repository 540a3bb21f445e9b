using System.Net;
using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace PortClassification.Tests.Allocation;

/// <summary>
/// "Repeats": a port handed out again by the same process within 2,000 sequential calls, each released
/// before the next. The allocator never repeats while candidates last; the idioms it replaces do
/// (the TcpListener idiom ≈ 12 % on Linux, where bind(0) draws from half the ephemeral range).
/// </summary>
[Collection(PortReuse.Name)]
public sealed class PortAllocatorRepeatTests(ITestOutputHelper output)
{
    private const int Calls = 2_000;

    [Fact]
    public void Lease_TwoThousandSequentialLeases_NoRepeats()
    {
        var allocator = new PortAllocator(new PortAllocatorOptions());
        Assert.True(allocator.GetPolicy(Transport.Tcp).Count >= Calls, "Too few candidates on this host for the measurement.");
        var seen = new HashSet<PortNumber>();
        int repeats = 0;
        for (int i = 0; i < Calls; i++)
        {
            using PortLease lease = allocator.Lease();
            repeats += seen.Add(lease.Port) ? 0 : 1;
        }

        int idiomRepeats = CountRepeats(() =>
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        });
        CandidatePolicy policy = allocator.GetPolicy(Transport.Tcp);
        int bindTestRepeats = CountRepeats(() =>
        {
            while (true)
            {
                int port = policy[Random.Shared.Next(policy.Count)].Value;
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                    return port;
                }
                catch (SocketException)
                {
                }
            }
        });
        output.WriteLine($"repeats over {Calls} calls: PortAllocator {repeats}, TcpListener(Loopback, 0) {idiomRepeats}, random bind-test loop {bindTestRepeats}");

        Assert.Equal(0, repeats);
    }

    private static int CountRepeats(Func<int> next)
    {
        var seen = new HashSet<int>();
        int repeats = 0;
        for (int i = 0; i < Calls; i++)
        {
            repeats += seen.Add(next()) ? 0 : 1;
        }

        return repeats;
    }
}
