using System.Buffers.Binary;
using System.Net;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Sockets.MacOS;

/// <summary>The libproc decoder on connected sockets and every <c>TSI_S_*</c> state (fixtures from the xnu header layout; not run on macOS).</summary>
public sealed class LibprocSocketDecodingTests
{
    [Fact]
    public void TryDecodeSocket_EstablishedTcp_HasStateAndBothEnds()
    {
        Assert.True(LibprocDecoder.TryDecodeSocket(HexFixture.Load("Listeners/MacOS/tcp4-established.hex"), out LibprocSocket socket));

        Assert.Equal(SocketState.Established, socket.State);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:50000"), socket.LocalEndPoint);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:8080"), socket.RemoteEndPoint);
        Assert.False(socket.IsListener);
    }

    [Fact]
    public void TryDecodeSocket_ConnectedUdp_IsConnectedWithItsPeer()
    {
        Assert.True(LibprocDecoder.TryDecodeSocket(HexFixture.Load("Listeners/MacOS/udp4-connected.hex"), out LibprocSocket socket));

        Assert.Equal(SocketState.Connected, socket.State);
        Assert.Equal(53, socket.RemoteEndPoint!.Port);
        Assert.Equal(40000, socket.LocalEndPoint.Port);
    }

    [Theory]
    [InlineData(0, SocketState.Bound)]
    [InlineData(1, SocketState.Listen)]
    [InlineData(2, SocketState.SynSent)]
    [InlineData(3, SocketState.SynReceived)]
    [InlineData(4, SocketState.Established)]
    [InlineData(5, SocketState.CloseWait)]
    [InlineData(6, SocketState.FinWait1)]
    [InlineData(7, SocketState.Closing)]
    [InlineData(8, SocketState.LastAck)]
    [InlineData(9, SocketState.FinWait2)]
    [InlineData(10, SocketState.TimeWait)]
    public void TryDecodeSocket_EveryTcpState_IsNamed(int tsiState, SocketState expected)
    {
        byte[] info = HexFixture.Load("Listeners/MacOS/tcp4-established.hex");
        BinaryPrimitives.WriteInt32LittleEndian(info.AsSpan(344), tsiState);

        Assert.True(LibprocDecoder.TryDecodeSocket(info, out LibprocSocket socket));
        Assert.Equal(expected, socket.State);
        Assert.Equal(expected is SocketState.Listen or SocketState.Bound, socket.RemoteEndPoint is null);
    }

    [Theory]
    [InlineData(11)] // TSI_S_RESERVED, a pseudo-state
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void TryDecodeSocket_UnknownTcpState_IsSkipped(int tsiState)
    {
        byte[] info = HexFixture.Load("Listeners/MacOS/tcp4-established.hex");
        BinaryPrimitives.WriteInt32LittleEndian(info.AsSpan(344), tsiState);

        Assert.False(LibprocDecoder.TryDecodeSocket(info, out _));
    }
}
