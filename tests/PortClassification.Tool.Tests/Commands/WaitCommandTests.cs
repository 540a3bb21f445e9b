using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Output;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

/// <summary>
/// <c>portclass wait</c> in process against real sockets. Each test starts (or stops) its server only after the
/// waiter has reported, on its terminal-only progress line, that it saw the port in the other state.
/// </summary>
public class WaitCommandTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Wait_ListenerStartsLater_V4_ExitsZero()
    {
        using PortLease lease = PortAllocator.Default.Lease();
        var error = new SignallingWriter();
        Task<int> waiting = RunAsync(error, "wait", Text(lease.Port));

        await error.WhenWritten("connection refused").WaitAsync(TestTimeout);
        using var server = new TcpListener(IPAddress.Loopback, lease.Port.Value);
        server.Start();

        Assert.Equal(0, await waiting.WaitAsync(TestTimeout));
    }

    [Fact]
    public async Task Wait_ListenerStartsLater_V6Only_ExitsZero()
    {
        using PortLease lease = PortAllocator.Default.Lease();
        var error = new SignallingWriter();
        var output = new StringWriter();
        Task<int> waiting = RunAsync(error, output, "wait", Text(lease.Port), "--json");

        await error.WhenWritten("connection refused").WaitAsync(TestTimeout);
        using var server = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false };
        server.Bind(new IPEndPoint(IPAddress.IPv6Loopback, lease.Port.Value));
        server.Listen();

        Assert.Equal(0, await waiting.WaitAsync(TestTimeout));
        using JsonDocument document = JsonDocument.Parse(output.ToString());
        Assert.True(document.RootElement.GetProperty("ready").GetBoolean());
        Assert.Equal("::1", document.RootElement.GetProperty("address").GetString());
    }

    [Fact]
    public async Task WaitFree_ListenerStopsLater_ExitsZero()
    {
        using PortLease lease = PortAllocator.Default.Lease();
        var server = new TcpListener(IPAddress.Loopback, lease.Port.Value);
        server.Start();
        var error = new SignallingWriter();
        Task<int> waiting = RunAsync(error, "wait", Text(lease.Port), "--free");

        await error.WhenWritten($"listening: 127.0.0.1:{lease.Port}").WaitAsync(TestTimeout);
        server.Stop();

        Assert.Equal(0, await waiting.WaitAsync(TestTimeout));
    }

    [Fact]
    public async Task WaitHttpOk_503ThenHealthy_ExitsZeroOnlyAfter200()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        int port = ((IPEndPoint)server.LocalEndpoint).Port;
        var healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        Task serving = ServeAsync(server, () => healthy.Task.IsCompleted ? "200 OK" : "503 Service Unavailable", stop.Token);
        try
        {
            var error = new SignallingWriter();
            Task<int> waiting = RunAsync(error, "wait", Text(port), "--http", "/health", "--ok");

            await error.WhenWritten("answered HTTP 503").WaitAsync(TestTimeout);
            Assert.False(waiting.IsCompleted);
            healthy.SetResult();

            Assert.Equal(0, await waiting.WaitAsync(TestTimeout));
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
    public async Task Wait_NothingListens_TimesOutExitOneSayingWhatItSaw()
    {
        using PortLease lease = PortAllocator.Default.Lease();
        var error = new StringWriter { NewLine = "\n" };

        int exit = await Cli.RunAsync(["wait", Text(lease.Port), "--timeout", "0.3"], new ToolConsole(new StringWriter(), error, Color: false, Interactive: false), new LibraryFacts(), new StopSignal());

        // What each address showed is the library's text, tested there with a hand-driven clock; here, the frame.
        Assert.Equal(1, exit);
        Assert.StartsWith($"portclass: nothing passed the check (connect) on port {lease.Port} within 0.3 s: 127.0.0.1:{lease.Port} ", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, error.ToString().Count(c => c == '\n'));
    }

    [Fact]
    public async Task WaitFree_StillListening_TimesOutNamingTheListener()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        int port = ((IPEndPoint)server.LocalEndpoint).Port;
        var error = new StringWriter { NewLine = "\n" };

        int exit = await Cli.RunAsync(["wait", Text(port), "--free", "-t", "0.2"], new ToolConsole(new StringWriter(), error, Color: false, Interactive: false), new LibraryFacts(), new StopSignal());

        Assert.Equal(1, exit);
        Assert.StartsWith($"portclass: port {port}/tcp is still in use after 0.2 s: listening: 127.0.0.1:{port} (pid {Environment.ProcessId} ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_NotATerminal_NoProgressOnStandardError()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        int port = ((IPEndPoint)server.LocalEndpoint).Port;
        var error = new StringWriter();
        var output = new StringWriter();

        int exit = await Cli.RunAsync(["wait", Text(port), "--address", "127.0.0.1"], new ToolConsole(output, error, Color: false, Interactive: false), new LibraryFacts(), new StopSignal());

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error.ToString());
        Assert.Equal(string.Empty, output.ToString());
    }

    private static string Text(PortNumber port) => port.ToString();

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static Task<int> RunAsync(SignallingWriter error, params string[] args) => RunAsync(error, new StringWriter(), args);

    private static Task<int> RunAsync(SignallingWriter error, StringWriter output, params string[] args) =>
        Task.Run(() => Cli.RunAsync(args, new ToolConsole(output, error, Color: false, Interactive: true), new LibraryFacts(), new StopSignal()));

    private static async Task ServeAsync(TcpListener server, Func<string> status, CancellationToken token)
    {
        try
        {
            while (true)
            {
                using Socket client = await server.AcceptSocketAsync(token);
                byte[] buffer = new byte[1024];
                await client.ReceiveAsync(buffer, SocketFlags.None, token);
                await client.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status()}\r\nContent-Length: 0\r\n\r\n"), SocketFlags.None, token);
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
}
