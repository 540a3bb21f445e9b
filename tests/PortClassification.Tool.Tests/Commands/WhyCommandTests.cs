using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

public class WhyCommandTests
{
    private static readonly SocketEntry Nginx = new(Transport.Tcp, SocketState.Listen, IPEndPoint.Parse("0.0.0.0:8080"), null, 812, "nginx", 0, 77UL);

    private static BindReport HeldByNginx(IPEndPoint endPoint, Transport transport) => new(
        endPoint,
        transport,
        canBind: false,
        canBindWithReuseAddress: false,
        SocketError.AddressAlreadyInUse,
        [
            new BindFinding(BindFindingKind.HeldByListener, true, "A listener on 0.0.0.0:8080 (pid 812, nginx) holds the port.", "Stop that server, or use another port.", [Nginx]),
        ],
        ["Host setting EphemeralRange is a default: test."]);

    [Fact]
    public void Text_PortHeldByListener_PrintsVerdictCauseProcessAndFixAndExitsOne()
    {
        var facts = new FakeFacts { Bind = HeldByNginx };

        ToolResult result = ToolRunner.Run(facts, "why", "8080");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            """
            0.0.0.0:8080/tcp cannot be bound: a listener on 0.0.0.0:8080 (pid 812, nginx) holds the port.
              A bind with SO_REUSEADDR fails too.

              cause held-by-listener: A listener on 0.0.0.0:8080 (pid 812, nginx) holds the port.
                tcp listen 0.0.0.0:8080 pid 812 (nginx)
                fix: Stop that server, or use another port.
              note: Host setting EphemeralRange is a default: test.

            """,
            result.Out);
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal((IPEndPoint.Parse("0.0.0.0:8080"), Transport.Tcp), Assert.Single(facts.Diagnosed));
    }

    [Fact]
    public void Text_BindableWithWarning_ExitsZero()
    {
        var facts = new FakeFacts
        {
            Bind = (endPoint, transport) => new BindReport(endPoint, transport, true, true, null,
                [new BindFinding(BindFindingKind.InsideEphemeralRange, false, "Port 40000 is inside the ephemeral range 32768-60999.", "Use another port.")]),
        };

        ToolResult result = ToolRunner.Run(facts, "why", "40000/udp", "--address", "[::1]");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            [::1]:40000/udp can be bound now.

              warning inside-ephemeral-range: Port 40000 is inside the ephemeral range 32768-60999.
                fix: Use another port.

            """,
            result.Out);
        Assert.Equal((IPEndPoint.Parse("[::1]:40000"), Transport.Udp), Assert.Single(facts.Diagnosed));
    }

    [Fact]
    public void Json_PortHeldByListener_HasTheDocumentedSchema()
    {
        ToolResult result = ToolRunner.Run(new FakeFacts { Bind = HeldByNginx }, "why", "8080", "-a", "127.0.0.1", "--json");

        Assert.Equal(1, result.ExitCode);
        using JsonDocument document = JsonDocument.Parse(result.Out);
        JsonElement root = document.RootElement;
        JsonAssert.Properties(root, "schemaVersion", "address", "port", "transport", "canBind", "canBindWithReuseAddress", "error", "summary", "findings", "warnings");
        Assert.Equal("127.0.0.1", root.GetProperty("address").GetString());
        Assert.Equal(8080, root.GetProperty("port").GetInt32());
        Assert.False(root.GetProperty("canBind").GetBoolean());
        Assert.Equal("AddressAlreadyInUse", root.GetProperty("error").GetString());
        JsonElement finding = Assert.Single(root.GetProperty("findings").EnumerateArray());
        JsonAssert.Properties(finding, "kind", "blocks", "summary", "remedy", "sockets");
        Assert.Equal("held-by-listener", finding.GetProperty("kind").GetString());
        JsonElement socket = Assert.Single(finding.GetProperty("sockets").EnumerateArray());
        JsonAssert.Properties(socket, "transport", "state", "local", "remote", "pid", "process", "uid");
        Assert.Equal(812, socket.GetProperty("pid").GetInt32());
        Assert.Equal("listen", socket.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, socket.GetProperty("remote").ValueKind);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("8080/xyz")]
    public void BadPort_ExitsTwo(string port)
    {
        var facts = new FakeFacts();

        ToolResult result = ToolRunner.Run(facts, "why", port);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(facts.Diagnosed);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("1")]
    [InlineData("300.1.1.1")]
    public void BadAddress_ExitsTwoNamingTheExpectedForm(string address)
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), "why", "8080", "--address", address);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{address}' is not an IP address", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BindFindingKind.HeldByListener, "held-by-listener")]
    [InlineData(BindFindingKind.AddressFamilyUnavailable, "address-family-unavailable")]
    [InlineData(BindFindingKind.TimeWaitRemnants, "time-wait-remnants")]
    public void KindName_IsKebabCase(BindFindingKind kind, string expected) =>
        Assert.Equal(expected, PortClassification.Tool.Output.WhyReportWriter.KindName(kind));

    [Fact]
    public void Port_BindFails_AddsOneVerdictLineForTheWildcardAddress()
    {
        var facts = new FakeFacts { Bind = HeldByNginx };

        ToolResult result = ToolRunner.Run(facts, "8080");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\n  bind now    no: 0.0.0.0:8080/tcp cannot be bound: a listener on 0.0.0.0:8080 (pid 812, nginx) holds the port. ('portclass why 8080' says more)\n", result.Out, StringComparison.Ordinal);
        Assert.Equal((IPEndPoint.Parse("0.0.0.0:8080"), Transport.Tcp), Assert.Single(facts.Diagnosed));
    }

    [Fact]
    public void Port_Udp_DiagnosesUdp()
    {
        var facts = new FakeFacts();

        ToolResult result = ToolRunner.Run(facts, "5353/udp", "--json");

        using JsonDocument document = JsonDocument.Parse(result.Out);
        JsonElement bind = document.RootElement.GetProperty("bind");
        Assert.Equal("udp", bind.GetProperty("transport").GetString());
        Assert.True(bind.GetProperty("canBind").GetBoolean());
        Assert.Equal((IPEndPoint.Parse("0.0.0.0:5353"), Transport.Udp), Assert.Single(facts.Diagnosed));
    }
}
