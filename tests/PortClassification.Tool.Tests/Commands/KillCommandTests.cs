using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PortClassification.Tool.Processes;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

public class KillCommandTests
{
    // Listens on 127.0.0.1 (a port the kernel picks), prints it, and waits to be killed.
    private const string Server =
        "import socket, signal\n" +
        "s = socket.socket()\n" +
        "s.bind(('127.0.0.1', 0))\n" +
        "s.listen()\n" +
        "print(s.getsockname()[1], flush=True)\n" +
        "signal.pause()\n";

    // Connects to the port given, says so, and stays connected until its standard input closes.
    private const string Client =
        "import socket, sys\n" +
        "c = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n" +
        "print('connected', flush=True)\n" +
        "sys.stdin.read()\n";

    [LinuxFact]
    public async Task Kill_EndsTheListener_LeavesAConnectedClientAlive()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using PythonChild server = PythonChild.Start(Server);
        string port = await server.ReadLineAsync(timeout.Token);
        using PythonChild client = PythonChild.Start(Client, port);
        Assert.Equal("connected", await client.ReadLineAsync(timeout.Token));

        ToolResult result = await BuiltTool.RunAsync("kill", port);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"sent SIGTERM to pid {server.Process.Id} (python3)\n", result.Out);
        Assert.Equal(string.Empty, result.Error);
        await server.Process.WaitForExitAsync(timeout.Token);
        Assert.False(client.Process.HasExited);
        using var probe = new TcpClient();
        Assert.Throws<SocketException>(() => probe.Connect(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture)));
    }

    [LinuxFact]
    public async Task Kill_DryRun_ChangesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using PythonChild server = PythonChild.Start(Server);
        string port = await server.ReadLineAsync(timeout.Token);

        ToolResult result = await BuiltTool.RunAsync("kill", port, "--dry-run", "--signal", "KILL");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"would send SIGKILL to pid {server.Process.Id} (python3)\n", result.Out);
        Assert.False(server.Process.HasExited);
        using var probe = new TcpClient();
        probe.Connect(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture));
        Assert.False(server.Process.HasExited);
    }

    [Fact]
    public void Kill_NeverSignalsPidOneItselfOrItsParent_AndSaysOwnersAreInvisible()
    {
        var facts = new FakeFacts
        {
            Listening =
            [
                FakeFacts.Listener(Transport.Tcp, "0.0.0.0:8080", 1, "systemd"),
                FakeFacts.Listener(Transport.Tcp, "127.0.0.1:8080", 4242, "portclass"),
                FakeFacts.Listener(Transport.Tcp, "[::1]:8080", 4241, "bash"),
                FakeFacts.Listener(Transport.Tcp, "10.0.0.1:8080", null, null),
                FakeFacts.Listener(Transport.Tcp, "10.0.0.2:8080", 77, "nginx"),
                FakeFacts.Listener(Transport.Udp, "0.0.0.0:8080", 78, "dns"),
            ],
        };

        ToolResult result = ToolRunner.Run(facts, "kill", "8080", "-t", "0");

        Assert.Equal([(77, "SIGTERM")], facts.Signals);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("sent SIGTERM to pid 77 (nginx)\n", result.Out);
        Assert.Contains("portclass: not signalling pid 1 (systemd): portclass never signals pid 1, itself or its parent.\n", result.Error, StringComparison.Ordinal);
        Assert.Contains("not signalling pid 4242 (portclass)", result.Error, StringComparison.Ordinal);
        Assert.Contains("not signalling pid 4241 (bash)", result.Error, StringComparison.Ordinal);
        Assert.Contains("portclass: the owner of 10.0.0.1:8080 is not visible to this user; run as root to see and end it.\n", result.Error, StringComparison.Ordinal);
        Assert.Contains("portclass: 8080/tcp is still in use after 0 s:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Kill_Stubborn_WithoutForceExitOne_WithForceSigkillAndExitZero()
    {
        FakeFacts Stubborn() => new()
        {
            Listening = [FakeFacts.Listener(Transport.Tcp, "0.0.0.0:9000", 55, "stubborn")],
        };
        var gentle = Stubborn();
        gentle.OnSignal = (_, _) => SignalOutcome.Sent;
        var forced = Stubborn();
        forced.OnSignal = (pid, signal) =>
        {
            if (signal.Name == "KILL")
            {
                forced.Listening.RemoveAll(l => l.ProcessId == pid);
            }

            return SignalOutcome.Sent;
        };

        ToolResult withoutForce = ToolRunner.Run(gentle, "kill", "9000", "--timeout", "0.05");
        ToolResult withForce = ToolRunner.Run(forced, "kill", "9000", "--timeout", "0.05", "--force", "--json");

        Assert.Equal(1, withoutForce.ExitCode);
        Assert.Equal([(55, "SIGTERM")], gentle.Signals);
        Assert.EndsWith("0.0.0.0:9000 (pid 55 stubborn) (--force sends SIGKILL).\n", withoutForce.Error, StringComparison.Ordinal);
        Assert.Equal(0, withForce.ExitCode);
        Assert.Equal([(55, "SIGTERM"), (55, "SIGKILL")], forced.Signals);
        using JsonDocument document = JsonDocument.Parse(withForce.Out);
        Assert.True(document.RootElement.GetProperty("free").GetBoolean());
        Assert.Equal(["SIGTERM", "SIGKILL"], document.RootElement.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("signal").GetString()));
    }

    [Fact]
    public void Kill_Udp_OnlyUdpOwners_SignalNameAccepted()
    {
        var facts = new FakeFacts
        {
            Listening =
            [
                FakeFacts.Listener(Transport.Tcp, "0.0.0.0:5353", 10, "web"),
                FakeFacts.Listener(Transport.Udp, "0.0.0.0:5353", 11, "mdns"),
            ],
        };

        ToolResult result = ToolRunner.Run(facts, "kill", "5353", "--udp", "--signal", "sighup");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([(11, "SIGHUP")], facts.Signals);
    }

    [Fact]
    public void Kill_NothingListening_ExitZero()
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), "kill", "7000");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("nothing listens on 7000/tcp\n", result.Out);
    }

    [Theory]
    [InlineData("TERM", 15)]
    [InlineData("SIGKILL", 9)]
    [InlineData("int", 2)]
    [InlineData("1", 1)]
    public void ProcessSignal_TryParse_NamesAndNumbers(string text, int number)
    {
        Assert.True(ProcessSignal.TryParse(text, out ProcessSignal signal));
        Assert.Equal(number, signal.Number);
    }
}
