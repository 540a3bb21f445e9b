using System.Text.Json;
using PortClassification.Tool.Commands;
using PortClassification.Tool.Input;
using PortClassification.Tool.Reports;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

public class PortCommandTests
{
    [Fact]
    public void Text_CertiPortOnLinuxDefaults_MatchesSnapshot()
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), "60400");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            60400 is a dynamic port ("private" or "ephemeral"): IANA's dynamic range is 49152-65535 (RFC 6335).
              IANA never assigns dynamic ports: anyone may use them, and operating systems draw temporary ports from them.

            IANA registry (as of 2026-08-17)
              tcp   not assignable: the dynamic range is never assigned
              udp   not assignable: the dynamic range is never assigned

            Services using this port
              certi-rtig  60400/tcp  unofficial  CERTI HLA RTI gateway (RTIG)
                  source: CERTI libCERTI/NetworkMessage.hh line 39
                  also: 60500/udp

            This host (linux)
              ephemeral   yes (tcp and udp): inside 32768-60999, the range the OS picks ports from for
                          outgoing connections and bind(0), so a server on 60400 may find it taken;
                          'portclass free' gives ports outside it
              reserved    no (tcp and udp)
              privileged  no: ports below 1024 need root or CAP_NET_BIND_SERVICE to bind
              bind now    yes: 0.0.0.0:60400/tcp can be bound now.
              ('portclass host' shows every setting and where it came from)

            In use now (source: fake)
              nothing is using 60400/tcp or 60400/udp

            """,
            result.Out);
    }

    [Fact]
    public void Text_AssignedPortWithListenersAndUnknownOwner_MatchesSnapshot()
    {
        var facts = new FakeFacts
        {
            IsPrivilegedProcess = false,
            Listening =
            [
                FakeFacts.Listener(Transport.Tcp, "[::]:443", 812, "nginx"),
                FakeFacts.Listener(Transport.Tcp, "0.0.0.0:443", 812, "nginx"),
                FakeFacts.Listener(Transport.Udp, "127.0.0.1:443", null, null),
                FakeFacts.Listener(Transport.Tcp, "127.0.0.1:8443", 9, "other"),
            ],
        };

        ToolResult result = ToolRunner.Run(facts, "443");

        Assert.Equal(
            """
            443 is a system port ("well-known"): IANA's system range is 0-1023 (RFC 6335).
              IANA assigns system ports through IETF review; binding them often needs privileges.

            IANA registry (as of 2026-08-17)
              tcp   assigned to https
              udp   assigned to https

            Services using this port
              https  443/tcp  IANA  http protocol over TLS/SSL
                  reference: RFC9110
              https  443/udp  IANA  http protocol over TLS/SSL
                  reference: RFC9110

            This host (linux)
              ephemeral   no (tcp and udp): outside 32768-60999, the range the OS picks ports from for outgoing connections
              reserved    no (tcp and udp)
              privileged  yes: ports below 1024 need root or CAP_NET_BIND_SERVICE to bind
              bind now    yes: 0.0.0.0:443/tcp can be bound now.
              ('portclass host' shows every setting and where it came from)

            In use now (source: fake)
              PROTO  ADDRESS    PORT  PID  PROCESS
              tcp    0.0.0.0     443  812  nginx
              tcp6   ::          443  812  nginx
              udp    127.0.0.1   443    -  -
              note: the owner of 1 listener is unknown: other users' processes can be inspected only by root (try sudo)

            """,
            result.Out);
    }

    [Fact]
    public void Text_ReservedPortInANamespaceWithUnusualSettings_SaysSoPerTransport()
    {
        var facts = new FakeFacts
        {
            Host = FakeFacts.LinuxDefaults with
            {
                Transports =
                [
                    new TransportHostFacts(Transport.Tcp, PortInterval.Parse("41234-41987"), [PortInterval.Parse("41300"), PortInterval.Parse("41400-41410")]),
                    new TransportHostFacts(Transport.Udp, PortInterval.Parse("41234-41987"), []),
                ],
                UnprivilegedPortStart = new PortNumber(777),
            },
        };

        ToolResult result = ToolRunner.Run(facts, "41405");

        Assert.Contains("  ephemeral   yes (tcp and udp): inside 41234-41987,", result.Out, StringComparison.Ordinal);
        Assert.Contains("  reserved    yes (tcp): in 41400-41410; the kernel keeps them out of bind(0) and outgoing connections; servers may still bind them\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("  reserved    no (udp)\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("  privileged  no: ports below 777 need root or CAP_NET_BIND_SERVICE to bind\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_OneTransport_ShowsOnlyThatTransport()
    {
        var facts = new FakeFacts { Listening = [FakeFacts.Listener(Transport.Tcp, "127.0.0.1:443", 1, "a"), FakeFacts.Listener(Transport.Udp, "127.0.0.1:443", 2, "b")] };

        ToolResult result = ToolRunner.Run(facts, "443/udp");

        Assert.StartsWith("443/udp is a system port", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("443/tcp", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("  tcp ", result.Out, StringComparison.Ordinal);
        Assert.Contains("  udp    127.0.0.1   443    2  b\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_IncompleteSnapshot_WritesTheSourcesWarnings()
    {
        var facts = new FakeFacts { Complete = false, Warnings = ["/proc/net/udp6 could not be read: permission denied."] };

        ToolResult result = ToolRunner.Run(facts, "60400");

        Assert.Contains("  nothing found using 60400/tcp or 60400/udp, but the list is incomplete (see below)\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("  warning: /proc/net/udp6 could not be read: permission denied.\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_HostSettingFromADefault_SaysWhy()
    {
        var facts = new FakeFacts
        {
            Host = FakeFacts.LinuxDefaults with
            {
                Sources = [new HostSourceInfo("unprivilegedPortStart", null, null, "default", "/proc/sys/net/ipv4/ip_unprivileged_port_start", "1024", "absent", "The kernel predates 4.11.")],
            },
        };

        ToolResult result = ToolRunner.Run(facts, "80");

        Assert.Contains(
            "  note: unprivilegedPortStart = 1024, a default because /proc/sys/net/ipv4/ip_unprivileged_port_start does not exist: The kernel predates 4.11.\n",
            result.Out,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Text_SeveralHostSettingsFromDefaults_OneNotePointingToHost()
    {
        var unreadable = new HostSourceInfo("ephemeralRange", Transport.Tcp, null, "command", "netsh int ipv4 show dynamicport tcp", "49152-65535", "unreadable", "Timed out.");
        var facts = new FakeFacts { Host = FakeFacts.LinuxDefaults with { Sources = [unreadable, unreadable with { Transport = Transport.Udp }] } };

        ToolResult result = ToolRunner.Run(facts, "80");

        Assert.Contains("  note: 2 of these settings are defaults because the OS did not say; 'portclass host' says why\n", result.Out, StringComparison.Ordinal);
        Assert.Contains(
            "  ephemeralRange (udp) = 49152-65535, a default because netsh int ipv4 show dynamicport tcp could not be read: Timed out.\n",
            ToolRunner.Run(facts, "host").Out,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_ColorTerminal_UsesAnsiSequences()
    {
        using var stop = new StopSignal();
        ToolResult result = await ToolRunner.RunAsync(new FakeFacts(), stop, color: true, "60400");

        Assert.Contains("\u001b[1;36m60400\u001b[0m is a dynamic port", result.Out, StringComparison.Ordinal);
        Assert.Contains("\u001b[1mIANA registry", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_CertiPort_HasTheDocumentedSchema()
    {
        var facts = new FakeFacts { Listening = [FakeFacts.Listener(Transport.Tcp, "127.0.0.1:60400", 4242, "rtig")] };

        ToolResult result = ToolRunner.Run(facts, "60400", "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument document = JsonDocument.Parse(result.Out);
        JsonElement root = document.RootElement;
        JsonAssert.Properties(root, "schemaVersion", "port", "transport", "range", "registryDate", "transports", "privileged", "unprivilegedPortStart", "os", "services", "related", "bind", "listening", "inUse");
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(60400, root.GetProperty("port").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("transport").ValueKind);
        JsonAssert.Properties(root.GetProperty("range"), "name", "first", "last");
        Assert.Equal("dynamic", root.GetProperty("range").GetProperty("name").GetString());
        Assert.Equal(49152, root.GetProperty("range").GetProperty("first").GetInt32());
        Assert.Equal(65535, root.GetProperty("range").GetProperty("last").GetInt32());
        Assert.Equal("2026-08-17", root.GetProperty("registryDate").GetString());
        Assert.False(root.GetProperty("privileged").GetBoolean());
        Assert.Equal(1024, root.GetProperty("unprivilegedPortStart").GetInt32());
        Assert.Equal("linux", root.GetProperty("os").GetString());

        JsonElement[] transports = [.. root.GetProperty("transports").EnumerateArray()];
        Assert.Equal(["tcp", "udp"], transports.Select(t => t.GetProperty("transport").GetString()));
        foreach (JsonElement transport in transports)
        {
            JsonAssert.Properties(transport, "transport", "ianaStatus", "ephemeral", "ephemeralRange", "reserved", "reservedRange");
            Assert.Equal("dynamic", transport.GetProperty("ianaStatus").GetString());
            Assert.True(transport.GetProperty("ephemeral").GetBoolean());
            Assert.Equal(32768, transport.GetProperty("ephemeralRange").GetProperty("first").GetInt32());
            Assert.Equal(60999, transport.GetProperty("ephemeralRange").GetProperty("last").GetInt32());
            Assert.False(transport.GetProperty("reserved").GetBoolean());
            Assert.Equal(JsonValueKind.Null, transport.GetProperty("reservedRange").ValueKind);
        }

        JsonElement service = Assert.Single(root.GetProperty("services").EnumerateArray());
        JsonAssert.Service(service);
        Assert.Equal("certi-rtig", service.GetProperty("name").GetString());
        Assert.Equal("unofficial", service.GetProperty("origin").GetString());
        Assert.Equal("CERTI libCERTI/NetworkMessage.hh line 39", service.GetProperty("source").GetString());

        JsonElement related = Assert.Single(root.GetProperty("related").EnumerateArray());
        JsonAssert.Service(related);
        Assert.Equal("certi-rtig", related.GetProperty("name").GetString());
        Assert.Equal("udp", related.GetProperty("transport").GetString());
        Assert.Equal(60500, related.GetProperty("ports").GetProperty("first").GetInt32());

        JsonElement listening = root.GetProperty("listening");
        JsonAssert.Properties(listening, "source", "complete", "warnings", "unknownOwners", "listeners");
        JsonElement listener = Assert.Single(listening.GetProperty("listeners").EnumerateArray());
        JsonAssert.Listener(listener);
        Assert.Equal("tcp", listener.GetProperty("transport").GetString());
        Assert.Equal("127.0.0.1", listener.GetProperty("address").GetString());
        Assert.Equal(60400, listener.GetProperty("port").GetInt32());
        Assert.Equal(4242, listener.GetProperty("pid").GetInt32());
        Assert.Equal("rtig", listener.GetProperty("process").GetString());
        Assert.Equal("certi-rtig", listener.GetProperty("service").GetString());
    }

    [Fact]
    public void Json_ReservedPortWithTransport_NamesTheReservedRange()
    {
        var facts = new FakeFacts
        {
            Host = FakeFacts.LinuxDefaults with
            {
                Transports =
                [
                    new TransportHostFacts(Transport.Tcp, PortInterval.Parse("32768-60999"), [PortInterval.Parse("8000-8100")]),
                    new TransportHostFacts(Transport.Udp, PortInterval.Parse("32768-60999"), []),
                ],
            },
        };

        ToolResult result = ToolRunner.Run(facts, "--json", "8080/tcp");

        using JsonDocument document = JsonDocument.Parse(result.Out);
        Assert.Equal("tcp", document.RootElement.GetProperty("transport").GetString());
        JsonElement transport = Assert.Single(document.RootElement.GetProperty("transports").EnumerateArray());
        Assert.Equal("unassigned", transport.GetProperty("ianaStatus").GetString());
        Assert.True(transport.GetProperty("reserved").GetBoolean());
        Assert.Equal(8000, transport.GetProperty("reservedRange").GetProperty("first").GetInt32());
        Assert.Equal(8100, transport.GetProperty("reservedRange").GetProperty("last").GetInt32());
    }

    [Fact]
    public void Gather_PortInsideARange_ListsTheRangeEntry()
    {
        PortReport report = PortCommand.Gather(new FakeFacts(), new PortSpec(new PortNumber(6010), null));

        ServiceInfo service = Assert.Single(report.Services);
        Assert.Equal("x11", service.Name);
        Assert.Equal(IanaStatus.Assigned, report.Transports[0].Status);
        Assert.Equal(IanaStatus.Unassigned, report.Transports[1].Status);
    }

    [Fact]
    public void Gather_AsksTheSocketSourceForThatPortOnly()
    {
        var facts = new FakeFacts();

        PortCommand.Gather(facts, new PortSpec(new PortNumber(60400), Transport.Udp));

        SocketQuery query = Assert.Single(facts.SocketQueries);
        Assert.Equal(new PortNumber(60400), query.Port);
        Assert.True(query.ResolveProcesses);
    }

    [Fact]
    public void Text_PortZero_ExplainsBindZeroAndIsNotPrivileged()
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), "0");

        Assert.Contains("  Port 0 is never a server's port: given to bind(), it asks the OS for any free ephemeral port.\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("  tcp   reserved by IANA\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("  privileged  no: ", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_ListenerSourceFails_RestOfTheReportStillShown()
    {
        var facts = new FakeFacts { ListenerFailure = new PlatformNotSupportedException("No listener source for this OS.") };

        ToolResult result = ToolRunner.Run(facts, "60400");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("certi-rtig", result.Out, StringComparison.Ordinal);
        Assert.EndsWith(
            """
            In use now (source: none)
              nothing found using 60400/tcp or 60400/udp, but the list is incomplete (see below)
              warning: Sockets could not be listed: No listener source for this OS.

            """,
            result.Out,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Gather_ServiceWithManyPorts_RelatedPortsCapped()
    {
        var facts = new FakeFacts();
        for (int i = 1; i <= 20; i++)
        {
            facts.Services.Add(new ServiceInfo("x11", new PortInterval(new PortNumber(7000 + i)), Transport.Udp, ServiceKind.User, "more"));
        }

        PortReport report = PortCommand.Gather(facts, new PortSpec(new PortNumber(6001), null));

        Assert.Equal(PortCommand.RelatedLimit, report.Related.Count);
        Assert.All(report.Related, r => Assert.False(r.Ports.Contains(new PortNumber(6001))));
    }
}
