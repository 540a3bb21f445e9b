using System.Net.Sockets;
using System.Text.Json;
using PortClassification.Tool.Reports;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

public class HostCommandTests
{
    [Fact]
    public void Text_LinuxDefaults_MatchesSnapshot()
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), "host");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            Port settings of this host (linux)
              SETTING           PROTO    VALUE        MEANING
              ephemeral range   tcp,udp  32768-60999  28232 ports the OS picks from for outgoing connections and bind(0)
              reserved ports    tcp,udp  none         the kernel keeps them out of bind(0) and outgoing connections; servers may still bind them
              privileged ports  any      0-1023       ports below 1024 need root or CAP_NET_BIND_SERVICE to bind
              Linux keeps these per network namespace: a container sees its own values, not the host's.

            Where the values came from
              ephemeralRange = 32768-60999, from file /proc/sys/net/ipv4/ip_local_port_range
              reservedPorts = (none), from file /proc/sys/net/ipv4/ip_local_reserved_ports
              unprivilegedPortStart = 1024, from file /proc/sys/net/ipv4/ip_unprivileged_port_start

            """,
            result.Out);
    }

    [Fact]
    public void Text_WindowsWithExclusions_SplitsTransportsAndNamesThemExcluded()
    {
        var facts = new FakeFacts
        {
            Host = new HostFacts(
                "windows",
                [
                    new TransportHostFacts(Transport.Tcp, PortInterval.Parse("49152-65535"), [PortInterval.Parse("50000-50059"), PortInterval.Parse("50100-50159")]),
                    new TransportHostFacts(Transport.Udp, PortInterval.Parse("49152-65535"), []),
                ],
                new PortNumber(0),
                [
                    new HostSourceInfo("reservedPorts", Transport.Tcp, AddressFamily.InterNetworkV6, "command", "netsh int ipv6 show excludedportrange protocol=tcp", "50000-50059,50100-50159", null, null),
                    new HostSourceInfo("unprivilegedPortStart", null, null, "fixed", string.Empty, "0", null, "Windows has no privileged ports."),
                ]),
        };

        ToolResult result = ToolRunner.Run(facts, "host");

        Assert.Contains("  excluded ports    tcp    50000-50059,50100-50159  excluded ranges (Hyper-V, WinNAT, Docker): binding them fails with WSAEACCES (10013)\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("  excluded ports    udp    none ", result.Out, StringComparison.Ordinal);
        Assert.Contains("  privileged ports  any    none ", result.Out, StringComparison.Ordinal);
        Assert.Contains("no port is privileged on this host", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("network namespace", result.Out, StringComparison.Ordinal);
        Assert.Contains("  reservedPorts (tcp, ipv6) = 50000-50059,50100-50159, from command netsh int ipv6 show excludedportrange protocol=tcp\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("  unprivilegedPortStart = 0, from fixed (Windows has no privileged ports.)\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_HasTheDocumentedSchema()
    {
        var facts = new FakeFacts
        {
            Host = FakeFacts.LinuxDefaults with
            {
                Sources = [new HostSourceInfo("ephemeralRange", Transport.Udp, AddressFamily.InterNetwork, "default", "/proc/sys/net/ipv4/ip_local_port_range", "32768-60999", "unreadable", "Permission denied.")],
            },
        };

        ToolResult result = ToolRunner.Run(facts, "host", "--json");

        using JsonDocument document = JsonDocument.Parse(result.Out);
        JsonElement root = document.RootElement;
        JsonAssert.Properties(root, "schemaVersion", "os", "unprivilegedPortStart", "transports", "sources");
        Assert.Equal("linux", root.GetProperty("os").GetString());
        Assert.Equal(1024, root.GetProperty("unprivilegedPortStart").GetInt32());
        foreach (JsonElement transport in root.GetProperty("transports").EnumerateArray())
        {
            JsonAssert.Properties(transport, "transport", "ephemeralRange", "reserved");
            Assert.Equal(JsonValueKind.Array, transport.GetProperty("reserved").ValueKind);
        }

        JsonElement source = Assert.Single(root.GetProperty("sources").EnumerateArray());
        JsonAssert.Properties(source, "setting", "transport", "addressFamily", "origin", "location", "value", "fallback", "reason");
        Assert.Equal("udp", source.GetProperty("transport").GetString());
        Assert.Equal("ipv4", source.GetProperty("addressFamily").GetString());
        Assert.Equal("unreadable", source.GetProperty("fallback").GetString());
        Assert.Equal("Permission denied.", source.GetProperty("reason").GetString());
    }

    [Fact]
    public void Text_EphemeralRangeOfOnePort_SaysOnePort()
    {
        var facts = new FakeFacts
        {
            Host = FakeFacts.LinuxDefaults with
            {
                Transports =
                [
                    new TransportHostFacts(Transport.Tcp, PortInterval.Parse("40000-40000"), []),
                    new TransportHostFacts(Transport.Udp, PortInterval.Parse("40000-40000"), []),
                ],
            },
        };

        ToolResult result = ToolRunner.Run(facts, "host");

        Assert.Contains(" 1 port the OS picks from", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("1 ports", result.Out, StringComparison.Ordinal);
    }
}
