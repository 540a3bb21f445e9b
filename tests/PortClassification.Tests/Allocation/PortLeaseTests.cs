using System.Net;
using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Allocation;

[Collection(PortReuse.Name)]
public class PortLeaseTests
{
    [Fact]
    public void TakeSocket_Tcp_ReturnsListeningSocketThatOutlivesTheLease()
    {
        Socket server;
        PortNumber port;
        using (PortLease lease = PortAllocator.Default.Lease())
        {
            server = lease.TakeSocket();
            port = lease.Port;
        }

        using (server)
        {
            Assert.Equal(port.Value, ((IPEndPoint)server.LocalEndPoint!).Port);
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port.Value);
            using Socket accepted = server.Accept();
            Assert.True(accepted.Connected);
        }
    }

    [Fact]
    public void TakeSocket_BothLoopbacks_BindsEach()
    {
        using PortLease lease = PortAllocator.Default.Lease();
        using Socket v4 = lease.TakeSocket(IPAddress.Loopback);
        if (Socket.OSSupportsIPv6)
        {
            using Socket v6 = lease.TakeSocket(IPAddress.IPv6Loopback);
            Assert.Equal(AddressFamily.InterNetworkV6, v6.AddressFamily);
        }

        Assert.Equal(AddressFamily.InterNetwork, v4.AddressFamily);
    }

    [Fact]
    public void TakeSocket_Udp_ReturnsBoundDatagramSocket()
    {
        using PortLease lease = PortAllocator.Default.Lease(Transport.Udp);
        using Socket socket = lease.TakeSocket();

        Assert.Equal(SocketType.Dgram, socket.SocketType);
        Assert.Equal(lease.Port.Value, ((IPEndPoint)socket.LocalEndPoint!).Port);
    }

    [Fact]
    public void TakeSocket_AfterDispose_Throws()
    {
        PortLease lease = PortAllocator.Default.Lease();
        lease.Dispose();

        Assert.Throws<ObjectDisposedException>(() => lease.TakeSocket());
    }

    [Fact]
    public async Task WaitForListenerAsync_ServerStartsLater_Completes()
    {
        using PortLease lease = PortAllocator.Default.Lease();
        var server = new TcpListener(IPAddress.Loopback, lease.Port.Value);
        Task wait = lease.WaitForListenerAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);

        server.Start();
        try
        {
            await wait;
        }
        finally
        {
            server.Stop();
        }
    }

    [Fact]
    public async Task WaitForListenerAsync_NothingListens_ThrowsTimeout()
    {
        using PortLease lease = PortAllocator.Default.Lease();

        await Assert.ThrowsAsync<TimeoutException>(() => lease.WaitForListenerAsync(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task WaitForListenerAsync_Cancelled_ThrowsOperationCanceled()
    {
        using PortLease lease = PortAllocator.Default.Lease();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lease.WaitForListenerAsync(Timeout.InfiniteTimeSpan, cancellationToken: cancellation.Token));
    }

    [Fact]
    public void WaitForListenerAsync_InvalidArguments_ThrowsBeforeWaiting()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            _ = PortClassification.Listeners.WaitForListenerAsync(new IPEndPoint(IPAddress.Loopback, 1), TimeSpan.FromSeconds(-2));
        });
        Assert.Throws<ArgumentNullException>(() =>
        {
            _ = PortClassification.Listeners.WaitForListenerAsync(null!, TimeSpan.FromSeconds(1));
        });
    }
}
