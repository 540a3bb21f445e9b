using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

public class ListCommandTests
{
    private static FakeFacts Host() => new()
    {
        Listening =
        [
            FakeFacts.Listener(Transport.Udp, "0.0.0.0:60500", 300, "rtig"),
            FakeFacts.Listener(Transport.Tcp, "[::]:443", 812, "nginx"),
            FakeFacts.Listener(Transport.Tcp, "127.0.0.1:60400", 300, "rtig"),
            FakeFacts.Listener(Transport.Tcp, "0.0.0.0:443", 812, "nginx"),
            FakeFacts.Listener(Transport.Tcp, "127.0.0.1:6010", 77, "Xorg"),
            FakeFacts.Listener(Transport.Tcp, "[::1]:50123", null, null),
        ],
    };

    [Fact]
    public void Text_EveryListener_SortedAlignedAndNamed()
    {
        ToolResult result = ToolRunner.Run(Host(), "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            PROTO  ADDRESS     PORT  SERVICE     PID  PROCESS
            tcp    0.0.0.0      443  https       812  nginx
            tcp6   ::           443  https       812  nginx
            tcp    127.0.0.1   6010  x11          77  Xorg
            tcp6   ::1        50123  -             -  -
            tcp    127.0.0.1  60400  certi-rtig  300  rtig
            udp    0.0.0.0    60500  certi-rtig  300  rtig

            """,
            result.Out);
        Assert.Equal("portclass: note: the owner of 1 listener is unknown: a process in another container (PID namespace), one that exited during the scan, or the kernel\n", result.Error);
    }

    [Theory]
    [InlineData(new[] { "--tcp" }, new[] { 443, 443, 6010, 50123, 60400 })]
    [InlineData(new[] { "-u" }, new[] { 60500 })]
    [InlineData(new[] { "-t", "-u" }, new[] { 443, 443, 6010, 50123, 60400, 60500 })]
    [InlineData(new[] { "-6" }, new[] { 443, 50123 })]
    [InlineData(new[] { "--ipv4", "--tcp" }, new[] { 443, 6010, 60400 })]
    [InlineData(new[] { "--port", "443" }, new[] { 443, 443 })]
    [InlineData(new[] { "-p", "443", "-4" }, new[] { 443 })]
    [InlineData(new[] { "--pid", "300" }, new[] { 60400, 60500 })]
    [InlineData(new[] { "--process", "NGIN" }, new[] { 443, 443 })]
    [InlineData(new[] { "--process", "rtig", "--udp" }, new[] { 60500 })]
    [InlineData(new[] { "--pid", "1" }, new int[0])]
    public void Json_Filters_KeepOnlyMatchingListeners(string[] filters, int[] ports)
    {
        ToolResult result = ToolRunner.Run(Host(), ["list", "--json", .. filters]);

        Assert.Equal(0, result.ExitCode);
        using JsonDocument document = JsonDocument.Parse(result.Out);
        Assert.Equal(ports, document.RootElement.GetProperty("listeners").EnumerateArray().Select(l => l.GetProperty("port").GetInt32()));
    }

    [Fact]
    public void Filters_PushedDownToTheSource()
    {
        var facts = Host();

        ToolRunner.Run(facts, "list", "-t", "-6", "-p", "443");

        ListenerQuery query = Assert.Single(facts.Queries);
        Assert.Equal(Transport.Tcp, query.Transport);
        Assert.Equal(AddressFamily.InterNetworkV6, query.AddressFamily);
        Assert.Equal(new PortNumber(443), query.Port);
    }

    [Fact]
    public void Json_HasTheDocumentedSchema()
    {
        var facts = Host();
        facts.SourceName = "linux-netlink";

        ToolResult result = ToolRunner.Run(facts, "list", "--json");

        using JsonDocument document = JsonDocument.Parse(result.Out);
        JsonElement root = document.RootElement;
        JsonAssert.Properties(root, "schemaVersion", "source", "complete", "warnings", "unknownOwners", "listeners");
        Assert.Equal("linux-netlink", root.GetProperty("source").GetString());
        Assert.True(root.GetProperty("complete").GetBoolean());
        Assert.Equal(1, root.GetProperty("unknownOwners").GetInt32());
        JsonElement[] listeners = [.. root.GetProperty("listeners").EnumerateArray()];
        Assert.Equal(6, listeners.Length);
        foreach (JsonElement listener in listeners)
        {
            JsonAssert.Listener(listener);
        }

        JsonElement unknown = listeners.Single(l => l.GetProperty("port").GetInt32() == 50123);
        Assert.Equal("::1", unknown.GetProperty("address").GetString());
        Assert.Equal("ipv6", unknown.GetProperty("family").GetString());
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("pid").ValueKind);
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("process").ValueKind);
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("service").ValueKind);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public void Text_NothingMatches_SaysSoOnStandardError()
    {
        ToolResult result = ToolRunner.Run(Host(), "list", "--port", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal("portclass: no listener matches\n", result.Error);
    }

    [Fact]
    public void Text_UnprivilegedUserAndIncompleteSource_SaysWhatCouldNotBeSeenAndWhy()
    {
        var facts = Host();
        facts.IsPrivilegedProcess = false;
        facts.Complete = false;
        facts.Warnings = ["Another user's processes could not be inspected: permission denied."];

        ToolResult result = ToolRunner.Run(facts, "list");

        Assert.Equal("portclass: warning: Another user's processes could not be inspected: permission denied.\n", result.Error);
    }

    [Fact]
    public void Text_UnknownOwnerWithKnownUser_ShowsTheUserAndTheNote()
    {
        var facts = new FakeFacts
        {
            IsPrivilegedProcess = false,
            Listening = [new Listener(Transport.Tcp, IPEndPoint.Parse("127.0.0.1:5432"), null, null, userId: 105)],
        };

        ToolResult result = ToolRunner.Run(facts, "list");

        Assert.Equal(
            """
            PROTO  ADDRESS    PORT  SERVICE     PID  PROCESS
            tcp    127.0.0.1  5432  postgresql    -  (uid 105)

            """,
            result.Out);
        Assert.Equal("portclass: note: the owner of 1 listener is unknown: other users' processes can be inspected only by root (try sudo)\n", result.Error);
    }

    [Fact]
    public void Text_SharedPortsAndScopes_SortedByAddressThenScopeThenProcess()
    {
        var facts = new FakeFacts
        {
            Listening =
            [
                FakeFacts.Listener(Transport.Tcp, "0.0.0.0:8080", 20, "worker"),
                FakeFacts.Listener(Transport.Tcp, "[fe80::1%3]:8080", 5, "b"),
                FakeFacts.Listener(Transport.Tcp, "0.0.0.0:8080", 10, "worker"),
                FakeFacts.Listener(Transport.Tcp, "[fe80::1%2]:8080", 6, "a"),
                FakeFacts.Listener(Transport.Tcp, "10.0.0.1:8080", 1, "c"),
            ],
        };

        ToolResult result = ToolRunner.Run(facts, "list", "--json");

        using JsonDocument document = JsonDocument.Parse(result.Out);
        Assert.Equal(
            ["0.0.0.0/10", "0.0.0.0/20", "10.0.0.1/1", "fe80::1%2/6", "fe80::1%3/5"],
            document.RootElement.GetProperty("listeners").EnumerateArray().Select(l => $"{l.GetProperty("address").GetString()}/{l.GetProperty("pid").GetInt32()}"));
    }

    [Fact]
    public void Run_ListenerSourceFails_OneLineExitOne()
    {
        var facts = new FakeFacts { ListenerFailure = new PlatformNotSupportedException("No listener source for this OS.") };

        ToolResult result = ToolRunner.Run(facts, "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("portclass: No listener source for this OS.\n", result.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryTableUnreadable_EmptyAndIncomplete_SaysSoAndFails(bool json)
    {
        // What 'ulimit -n 48; portclass list' gets: every source failed, so the empty list is no answer.
        var facts = new FakeFacts
        {
            Complete = false,
            Warnings = ["/proc/net/tcp could not be read: Too many open files : '/proc/net/tcp'"],
        };

        ToolResult result = json ? ToolRunner.Run(facts, "list", "--json") : ToolRunner.Run(facts, "list");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("nothing is listening", result.Error, StringComparison.Ordinal);
        if (json)
        {
            using JsonDocument document = JsonDocument.Parse(result.Out);
            Assert.False(document.RootElement.GetProperty("complete").GetBoolean());
            Assert.Contains("/proc/net/tcp could not be read", document.RootElement.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("/proc/net/tcp could not be read", result.Error, StringComparison.Ordinal);
            Assert.StartsWith("portclass: no listener found, but the list is incomplete", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void IncompleteButListenersFound_Succeeds()
    {
        var facts = Host();
        facts.Complete = false;
        facts.Warnings = ["/proc/net/udp6 could not be read: Permission denied"];

        ToolResult result = ToolRunner.Run(facts, "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("nginx", result.Out, StringComparison.Ordinal);
    }
}
