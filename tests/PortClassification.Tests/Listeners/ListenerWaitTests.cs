using System.Net;
using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners;

/// <summary>The listener-wait engine: without an address either loopback may accept, a host without IPv6 is not an error, and other errors end the wait.</summary>
[Collection(PortReuse.Name)]
public class ListenerWaitTests
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
            await PortClassification.Listeners.WaitForLoopbackListenerAsync(lease.Port, Generous);
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

        Assert.StartsWith("Nothing passed the check (connect) within 100 ms: ", error.Message, StringComparison.Ordinal);
        Assert.Contains($" 127.0.0.1:{lease.Port} ", error.Message, StringComparison.Ordinal);
        if (Socket.OSSupportsIPv6)
        {
            Assert.Contains($"; [::1]:{lease.Port} ", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("[::1]", error.Message, StringComparison.Ordinal);
        }
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
        ListenerWait.ConnectAttempt connect = (endPoint, _) => endPoint.AddressFamily == AddressFamily.InterNetworkV6
            ? throw new SocketException((int)SocketError.AddressNotAvailable)
            : throw new SocketException((int)SocketError.ConnectionRefused);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => WaitOnLoopbacksAsync(TimeSpan.FromMilliseconds(100), connect));

        Assert.Equal("Nothing passed the check (connect) within 100 ms: 127.0.0.1:61234 connection refused.", error.Message);
    }

    [Fact]
    public async Task WaitForLoopbackAsync_IPv4AddressMissing_IsAnError()
    {
        // Only ::1 may be missing; a host without 127.0.0.1 is broken, and the wait says so at once.
        ListenerWait.ConnectAttempt connect = (endPoint, _) => endPoint.AddressFamily == AddressFamily.InterNetwork
            ? throw new SocketException((int)SocketError.AddressNotAvailable)
            : throw new SocketException((int)SocketError.ConnectionRefused);

        var error = await Assert.ThrowsAsync<SocketException>(() => WaitOnLoopbacksAsync(Generous, connect));

        Assert.Equal(SocketError.AddressNotAvailable, error.SocketErrorCode);
    }

    [Fact]
    public async Task Wait_IPv6LoopbackAskedAlone_ItsAbsenceIsAnError()
    {
        // ::1 is optional only beside 127.0.0.1 (a wait without an address); named alone, a missing ::1 ends the wait.
        int attempts = 0;
        ListenerWait.ConnectAttempt connect = (_, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new SocketException((int)SocketError.AddressNotAvailable);
        };

        var error = await Assert.ThrowsAsync<SocketException>(() =>
            ListenerWait.WaitAsync([new IPEndPoint(IPAddress.IPv6Loopback, 61234)], ListenerCheck.Connect, Generous, TimeProvider.System, connect, CancellationToken.None));

        Assert.Equal(SocketError.AddressNotAvailable, error.SocketErrorCode);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Wait_RefusedThenAccepted_CheckOverloadReturnsTheEndPoint()
    {
        // The same engine serves the plain and the check waits: refusals are retried, the passing endpoint is returned.
        int attempts = 0;
        ListenerWait.ConnectAttempt connect = (_, _) => Interlocked.Increment(ref attempts) <= 3
            ? throw new SocketException((int)SocketError.ConnectionRefused)
            : ValueTask.FromResult(true);
        var only = new IPEndPoint(IPAddress.Loopback, 61234);

        IPEndPoint passed = await ListenerWait.WaitAsync([only], ListenerCheck.Http("/health"), Generous, TimeProvider.System, connect, CancellationToken.None);

        Assert.Equal(only, passed);
        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task WaitForLoopbackAsync_IPv6AcceptsWhileIPv4Refuses_Completes()
    {
        int v4Attempts = 0;
        ListenerWait.ConnectAttempt connect = (endPoint, _) =>
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetwork)
            {
                Interlocked.Increment(ref v4Attempts);
                throw new SocketException((int)SocketError.ConnectionRefused);
            }

            return ValueTask.FromResult(true);
        };

        await WaitOnLoopbacksAsync(Generous, connect);

        Assert.Equal(1, v4Attempts);
    }

    private static async Task AssertIPv6DroppedAndIPv4Awaited(SocketException absent)
    {
        int v6Attempts = 0;
        int v4Attempts = 0;
        ListenerWait.ConnectAttempt connect = (endPoint, _) =>
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

        await WaitOnLoopbacksAsync(Generous, connect);

        Assert.Equal(3, v4Attempts);
        Assert.Equal(1, v6Attempts);
    }

    /// <summary>Waits on both loopbacks of port 61234 through the engine, with a fake way to connect.</summary>
    private static Task<IPEndPoint> WaitOnLoopbacksAsync(TimeSpan timeout, ListenerWait.ConnectAttempt connect) =>
        ListenerWait.WaitAsync(ListenerWait.Loopbacks(61234), ListenerCheck.Connect, timeout, TimeProvider.System, connect, CancellationToken.None);
}
