using System.Net;
using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Allocation;

/// <summary>Waiting without an address: either loopback may accept, and a host without IPv6 is not an error.</summary>
[Collection(PortReuse.Name)]
public class WaitForListenerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WaitForListenerAsync_NoAddressServerOnIPv6LoopbackOnly_Completes()
    {
        using PortLease lease = PortAllocator.Default.Lease();
        // Where the host has no IPv6, the same call must see a server on 127.0.0.1 (::1 is then skipped).
        IPAddress only = Socket.OSSupportsIPv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        var server = new TcpListener(only, lease.Port.Value);
        server.Start();
        try
        {
            await lease.WaitForListenerAsync(Generous);
            await PortAllocator.WaitForLoopbackListenerAsync(lease.Port, Generous);
        }
        finally
        {
            server.Stop();
        }
    }

    [Fact]
    public async Task WaitForListenerAsync_NoAddressNothingListens_TimeoutNamesBothLoopbacks()
    {
        using PortLease lease = PortAllocator.Default.Lease();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => lease.WaitForListenerAsync(TimeSpan.FromMilliseconds(100)));

        string expected = Socket.OSSupportsIPv6 ? $"127.0.0.1:{lease.Port} or [::1]:{lease.Port}" : $"127.0.0.1:{lease.Port} within";
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<SocketError> AbsentIPv6 => new() { SocketError.AddressNotAvailable, SocketError.AddressFamilyNotSupported };

    [Theory]
    [MemberData(nameof(AbsentIPv6))]
    public async Task WaitForLoopbackAsync_IPv6Absent_WaitsOnIPv4AloneWithoutError(SocketError absent) =>
        await AssertIPv6DroppedAndIPv4Awaited(new SocketException((int)absent));

    /// <summary>The error a host without IPv6 really gives: connecting to ::1 in a namespace where IPv6 is disabled.</summary>
    [NetworkNamespaceFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task WaitForLoopbackAsync_IPv6DisabledInANamespace_ItsErrorIsNotAFailure()
    {
        SocketException? real = NetworkNamespace.Run(() =>
        {
            NetworkNamespace.BringUpLoopback();
            NetworkNamespace.WriteSysctl("ipv6/conf/all/disable_ipv6", "1");
            NetworkNamespace.WriteSysctl("ipv6/conf/lo/disable_ipv6", "1");
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Connect(new IPEndPoint(IPAddress.IPv6Loopback, 9));
                return null;
            }
            catch (SocketException e)
            {
                return e;
            }
        });

        Assert.NotNull(real);
        Assert.Equal(SocketError.AddressNotAvailable, real.SocketErrorCode);
        await AssertIPv6DroppedAndIPv4Awaited(real);
    }

    [Fact]
    public async Task WaitForLoopbackAsync_IPv6AbsentAndNothingOnIPv4_TimesOutNamingIPv4Only()
    {
        PortAllocator.ConnectAttempt connect = (endPoint, _) => endPoint.AddressFamily == AddressFamily.InterNetworkV6
            ? throw new SocketException((int)SocketError.AddressNotAvailable)
            : throw new SocketException((int)SocketError.ConnectionRefused);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => PortAllocator.WaitForLoopbackAsync(61234, TimeSpan.FromMilliseconds(100), connect, CancellationToken.None));

        Assert.StartsWith("Nothing accepted a TCP connection at 127.0.0.1:61234 within", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForLoopbackAsync_IPv4AddressMissing_IsAnError()
    {
        // Only ::1 may be missing; a host without 127.0.0.1 is broken, and the wait says so at once.
        PortAllocator.ConnectAttempt connect = (endPoint, _) => endPoint.AddressFamily == AddressFamily.InterNetwork
            ? throw new SocketException((int)SocketError.AddressNotAvailable)
            : throw new SocketException((int)SocketError.ConnectionRefused);

        var error = await Assert.ThrowsAsync<SocketException>(() => PortAllocator.WaitForLoopbackAsync(61234, Generous, connect, CancellationToken.None));

        Assert.Equal(SocketError.AddressNotAvailable, error.SocketErrorCode);
    }

    [Fact]
    public async Task WaitForLoopbackAsync_IPv6AcceptsWhileIPv4Refuses_Completes()
    {
        int v4Attempts = 0;
        PortAllocator.ConnectAttempt connect = (endPoint, _) =>
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetwork)
            {
                Interlocked.Increment(ref v4Attempts);
                throw new SocketException((int)SocketError.ConnectionRefused);
            }

            return ValueTask.FromResult(true);
        };

        await PortAllocator.WaitForLoopbackAsync(61234, Generous, connect, CancellationToken.None);

        Assert.Equal(1, v4Attempts);
    }

    private static async Task AssertIPv6DroppedAndIPv4Awaited(SocketException absent)
    {
        int v6Attempts = 0;
        int v4Attempts = 0;
        PortAllocator.ConnectAttempt connect = (endPoint, _) =>
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                Interlocked.Increment(ref v6Attempts);
                throw absent;
            }

            // Refused twice (the server is not up yet), then accepted.
            return Interlocked.Increment(ref v4Attempts) <= 2
                ? throw new SocketException((int)SocketError.ConnectionRefused)
                : ValueTask.FromResult(true);
        };

        await PortAllocator.WaitForLoopbackAsync(61234, Generous, connect, CancellationToken.None);

        Assert.Equal(3, v4Attempts);
        Assert.Equal(1, v6Attempts);
    }
}
