using System.Net;
using System.Text.Json;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

/// <summary>The socket table in the tool: "In use now" of the port report, <c>list --all</c>, <c>ephemeral</c>.</summary>
public sealed class SocketCommandsTests
{
    private static readonly IPEndPoint Server = IPEndPoint.Parse("93.184.215.14:443");

    private static FakeFacts WithOutgoingConnection() => new()
    {
        Connections =
        [
            new SocketEntry(Transport.Tcp, SocketState.Established, IPEndPoint.Parse("10.0.0.5:60400"), Server, 4242, "firefox"),
            new SocketEntry(Transport.Tcp, SocketState.TimeWait, IPEndPoint.Parse("10.0.0.5:60400"), IPEndPoint.Parse("1.1.1.1:443")),
            new SocketEntry(Transport.Tcp, SocketState.Established, IPEndPoint.Parse("10.0.0.5:50000"), IPEndPoint.Parse("10.0.0.9:8080"), 7, "curl"),
        ],
    };

    [Fact]
    public void Port_OutgoingConnectionFromAnEphemeralPort_IsNamedAsSuch_WithProcessAndRemote()
    {
        ToolResult result = ToolRunner.Run(WithOutgoingConnection(), "60400");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  nothing is listening on 60400/tcp or 60400/udp\n", result.Out, StringComparison.Ordinal);
        Assert.Contains(
            "  tcp outgoing connection from 10.0.0.5:60400 to 93.184.215.14:443 (established), pid 4242 (firefox): 60400 is its ephemeral source port\n",
            result.Out,
            StringComparison.Ordinal);
        Assert.Contains("  1 closed connection(s) in TIME_WAIT on this port", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing is using", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_ConnectionToThePort_IsListedAsSuch()
    {
        ToolResult result = ToolRunner.Run(WithOutgoingConnection(), "8080");

        Assert.Contains("  tcp connection to port 8080: 10.0.0.5:50000 -> 10.0.0.9:8080 (established), pid 7 (curl)\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_Json_InUseHasRolesAndTimeWait()
    {
        ToolResult result = ToolRunner.Run(WithOutgoingConnection(), "60400", "--json");

        using var doc = JsonDocument.Parse(result.Out);
        JsonElement inUse = doc.RootElement.GetProperty("inUse");
        Assert.Equal(1, inUse.GetProperty("timeWait").GetInt32());
        JsonElement socket = Assert.Single(inUse.GetProperty("sockets").EnumerateArray());
        Assert.Equal("ephemeralSource", socket.GetProperty("role").GetString());
        Assert.Equal("established", socket.GetProperty("state").GetString());
        Assert.Equal(443, socket.GetProperty("remotePort").GetInt32());
        Assert.Equal(4242, socket.GetProperty("pid").GetInt32());
    }

    [Fact]
    public void ListAll_StateFilter_ListsOnlyThatState()
    {
        ToolResult result = ToolRunner.Run(WithOutgoingConnection(), "list", "--state", "time-wait");

        Assert.Equal(0, result.ExitCode);
        string line = Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("tcp  time-wait", line, StringComparison.Ordinal);
        Assert.EndsWith("no process (TIME_WAIT)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ListAll_UnknownState_IsAUsageError()
    {
        ToolResult result = ToolRunner.Run(WithOutgoingConnection(), "list", "-a", "--state", "nonsense");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown state 'nonsense'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ListAll_Json_HasEverySocket()
    {
        ToolResult result = ToolRunner.Run(WithOutgoingConnection(), "list", "--all", "--json");

        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(3, doc.RootElement.GetProperty("sockets").GetArrayLength());
    }

    [Fact]
    public void Ephemeral_HalfFull_WarnsAndSaysWhatFailsAt100Percent()
    {
        var facts = new FakeFacts { Ephemeral = Usage(50) };

        ToolResult result = ToolRunner.Run(facts, "ephemeral");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("   50.0 %  127.0.0.1 -> 127.0.0.1:5000: 50 socket(s), 0 in TIME_WAIT", result.Out, StringComparison.Ordinal);
        Assert.Contains("warning: 50.0 % used; at 100 % connect() fails with \"address not available\" (EADDRNOTAVAIL)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Ephemeral_Json_HasTheDocumentedKeys()
    {
        var facts = new FakeFacts { Ephemeral = Usage(100) };

        ToolResult result = ToolRunner.Run(facts, "ephemeral", "--json");

        using var doc = JsonDocument.Parse(result.Out);
        JsonElement root = doc.RootElement;
        Assert.Equal(100, root.GetProperty("size").GetInt32());
        Assert.Equal(0, root.GetProperty("exclusive").GetInt32());
        Assert.Equal(40000, root.GetProperty("range").GetProperty("first").GetInt32());
        JsonElement top = root.GetProperty("destinations")[0];
        Assert.Equal(["remote", "local", "count", "timeWait", "percent"], top.EnumerateObject().Select(p => p.Name));
        Assert.Equal("127.0.0.1:5000", top.GetProperty("remote").GetString());
        Assert.Equal(100, top.GetProperty("percent").GetDouble());
    }

    private static EphemeralPortUsage Usage(int connections) => EphemeralPortUsage.Compute(
        Transport.Tcp,
        PortInterval.Parse("40000-40099"),
        [],
        shared: true,
        Enumerable.Range(40000, connections).Select(p => new SocketEntry(Transport.Tcp, SocketState.Established, new IPEndPoint(IPAddress.Loopback, p), IPEndPoint.Parse("127.0.0.1:5000"))),
        "test",
        isComplete: true,
        []);
}
