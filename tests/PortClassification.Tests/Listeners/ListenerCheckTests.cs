using System.Net;
using System.Net.Sockets;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners;

/// <summary><see cref="ListenerCheck"/> and waits with it, live on loopback.</summary>
public class ListenerCheckTests
{
    [Fact]
    public async Task Wait_NoAddress_V6OnlyListener_FoundOnV6()
    {
        // A port of this run's private block: free on 127.0.0.1 too, so only the IPv6 listener can answer.
        int port = TestPorts.FreeBlock(1).First.Value;
        using var server = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false };
        server.Bind(new IPEndPoint(IPAddress.IPv6Loopback, port));
        server.Listen();

        IPEndPoint passed = await PortClassification.Listeners.WaitForListenerAsync((ushort)port, null, ListenerCheck.Connect, TimeSpan.FromSeconds(30), default);

        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, port), passed);
    }

    [Fact]
    public async Task Wait_NoAddress_V4Listener_FoundOnV4()
    {
        int port = TestPorts.FreeBlock(1).First.Value;
        using var server = new TcpListener(IPAddress.Loopback, port);
        server.Start();

        IPEndPoint passed = await PortClassification.Listeners.WaitForListenerAsync((ushort)port, null, ListenerCheck.Connect, TimeSpan.FromSeconds(30), default);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port), passed);
    }

    [Fact]
    public async Task Http_AnyStatus_503Passes_RequireSuccessTimesOutSayingWhatItSaw()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        int port = ((IPEndPoint)server.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        Task serving = ServeAsync(server, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", stop.Token);
        try
        {
            IPEndPoint passed = await PortClassification.Listeners.WaitForListenerAsync((ushort)port, IPAddress.Loopback, ListenerCheck.Http("/health"), TimeSpan.FromSeconds(30), default);
            Assert.Equal(port, passed.Port);

            TimeoutException error = await TimeOutAfterFirstRoundAsync([new IPEndPoint(IPAddress.Loopback, port)], ListenerCheck.Http("/health", requireSuccess: true));
            Assert.Contains($"127.0.0.1:{port} answered HTTP 503", error.Message, StringComparison.Ordinal);
            Assert.Contains("HTTP GET /health (2xx)", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            // Stop the listener only once the serving loop has ended: a loop that comes back to Accept after
            // Stop throws InvalidOperationException instead of seeing the cancellation.
            await serving;
            server.Stop();
        }
    }

    [Fact]
    public async Task Http_RequireSuccess_200Passes_AndTheRequestNamesThePath()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        int port = ((IPEndPoint)server.LocalEndpoint).Port;
        Task<string> request = AnswerOnceAsync(server, "HTTP/1.0 200 OK\r\n\r\nok");

        IPEndPoint passed = await PortClassification.Listeners.WaitForListenerAsync((ushort)port, null, ListenerCheck.Http("/ready?x=1", requireSuccess: true), TimeSpan.FromSeconds(30), default);

        Assert.Equal(IPAddress.Loopback, passed.Address);
        Assert.StartsWith("GET /ready?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n", await request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_ClosedWithoutResponse_TimesOutSayingSo()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        int port = ((IPEndPoint)server.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        Task serving = ServeAsync(server, string.Empty, stop.Token);
        try
        {
            TimeoutException error = await TimeOutAfterFirstRoundAsync([new IPEndPoint(IPAddress.Loopback, port)], ListenerCheck.Http("/"));
            Assert.Contains("closed it without an HTTP response", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            // Stop the listener only once the serving loop has ended: a loop that comes back to Accept after
            // Stop throws InvalidOperationException instead of seeing the cancellation.
            await serving;
            server.Stop();
        }
    }

    [Fact]
    public async Task Wait_NothingListens_TimeoutNamesBothLoopbacks()
    {
        int port = TestPorts.FreeBlock(1).First.Value;

        TimeoutException error = await TimeOutAfterFirstRoundAsync(ListenerWait.Loopbacks(port), ListenerCheck.Connect);

        Assert.Equal($"Nothing passed the check (connect) within 5000 ms: 127.0.0.1:{port} connection refused; [::1]:{port} connection refused.", error.Message);
    }

    [Fact]
    public async Task Wait_InfiniteTimeout_EndsOnlyByCancellation()
    {
        int port = TestPorts.FreeBlock(1).First.Value;
        using var cancel = new CancellationTokenSource();
        var time = new ManualTime();
        Task<IPEndPoint> waiting = ListenerWait.WaitAsync(ListenerWait.Loopbacks(port), ListenerCheck.Connect, Timeout.InfiniteTimeSpan, time, cancel.Token);

        // The first pause has begun (the only timer: an infinite timeout sets none); years pass, nothing ends it.
        await time.WhenPending(1).WaitAsync(TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromDays(3650));
        await time.WhenPending(1).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Wait_BadArguments_Throw()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => PortClassification.Listeners.WaitForListenerAsync(1, null, null!, TimeSpan.FromSeconds(1), default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PortClassification.Listeners.WaitForListenerAsync(1, null, ListenerCheck.Connect, TimeSpan.FromSeconds(-2), default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("health")]
    [InlineData("/a b")]
    [InlineData("/a\r\nX: y")]
    [InlineData("/é")]
    public void Http_InvalidPath_Throws(string path) =>
        Assert.Throws<ArgumentException>(() => ListenerCheck.Http(path));

    [Fact]
    public void ToString_DescribesTheCheck()
    {
        Assert.Equal("connect", ListenerCheck.Connect.ToString());
        Assert.Equal("HTTP GET /health", ListenerCheck.Http("/health").ToString());
        Assert.Equal("HTTP GET /health (2xx)", ListenerCheck.Http("/health", true).ToString());
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n", 200)]
    [InlineData("HTTP/1.0 404\r\n", 404)]
    [InlineData("HTTP/1.1 503", 503)]
    [InlineData("HTTP/2 200 OK\r\n", -1)]
    [InlineData("HTTP/1.1 20 OK\r\n", -1)]
    [InlineData("HTTP/1.1 099 x\r\n", -1)]
    [InlineData("SSH-2.0-OpenSSH\r\n", -1)]
    [InlineData("", -1)]
    public void ParseStatus_Examples(string line, int expected) =>
        Assert.Equal(expected, ListenerWait.ParseStatus(Encoding.ASCII.GetBytes(line)));

    [Property]
    public Property ParseStatus_AnyBytes_StatusOrMinusOneNeverThrows() =>
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<byte[]>()), bytes =>
        {
            int status = ListenerWait.ParseStatus(bytes ?? []);
            return status == -1 || (status is >= 100 and <= 999 && bytes!.AsSpan().StartsWith("HTTP/"u8));
        });

    [Property]
    public Property ParseStatus_FormattedStatusLine_RoundTrips() =>
        Prop.ForAll(Arb.From(Gen.Choose(100, 999)), status =>
            ListenerWait.ParseStatus(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Reason\r\n")) == status);

    [Property]
    public Property IsValidPath_AnyString_TrueOnlyForVisibleAsciiStartingWithSlash() =>
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string>()), text =>
        {
            text ??= string.Empty;
            bool expected = text.Length is > 0 and <= 2048 && text[0] == '/' && text.All(c => c is >= '!' and <= '~');
            return ListenerCheck.IsValidPath(text) == expected && ListenerCheck.IsValidPath("/" + text.Replace(' ', '_')) == ("/" + text.Replace(' ', '_')).All(c => c is >= '!' and <= '~');
        });

    /// <summary>
    /// Waits with a hand-driven clock: once the wait has finished its first round and set the timer for its pause
    /// (the second pending timer, after the timeout's own), the clock jumps past the timeout.
    /// </summary>
    private static async Task<TimeoutException> TimeOutAfterFirstRoundAsync(IPEndPoint[] endPoints, ListenerCheck check)
    {
        var time = new ManualTime();
        Task<IPEndPoint> waiting = ListenerWait.WaitAsync(endPoints, check, TimeSpan.FromSeconds(5), time, default);
        await time.WhenPending(2).WaitAsync(TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(5));
        return await Assert.ThrowsAsync<TimeoutException>(() => waiting);
    }

    private static async Task ServeAsync(TcpListener server, string response, CancellationToken token)
    {
        try
        {
            while (true)
            {
                using Socket client = await server.AcceptSocketAsync(token);
                byte[] buffer = new byte[1024];
                await client.ReceiveAsync(buffer, SocketFlags.None, token);
                if (response.Length > 0)
                {
                    await client.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None, token);
                }

                client.Shutdown(SocketShutdown.Both);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
            // The listener was stopped.
        }
    }

    private static async Task<string> AnswerOnceAsync(TcpListener server, string response)
    {
        using Socket client = await server.AcceptSocketAsync();
        byte[] buffer = new byte[4096];
        int length = 0;
        while (!Encoding.ASCII.GetString(buffer, 0, length).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            length += await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None);
        }

        await client.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None);
        client.Shutdown(SocketShutdown.Both);
        return Encoding.ASCII.GetString(buffer, 0, length);
    }
}
