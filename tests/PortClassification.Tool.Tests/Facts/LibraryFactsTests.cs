using System.Net;
using System.Net.Sockets;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Reports;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Facts;

/// <summary>The adapter over the real library: registry, host settings, listeners and allocator.</summary>
public class LibraryFactsTests
{
    private readonly LibraryFacts _facts = new();

    [Fact]
    public void Lookup_443Tcp_IsIanasHttps()
    {
        ServiceInfo https = Assert.Single(_facts.Lookup(new PortNumber(443), Transport.Tcp), s => s.Name == "https");

        Assert.Equal(ServiceKind.Iana, https.Origin);
        Assert.Equal(Transport.Tcp, https.Transport);
        Assert.Equal(IanaStatus.Assigned, _facts.GetStatus(new PortNumber(443), Transport.Tcp));
    }

    [Fact]
    public void Lookup_60400_IsCertiAndDynamic()
    {
        ServiceInfo certi = Assert.Single(_facts.Lookup(new PortNumber(60400), null));

        Assert.Equal(ServiceKind.Unofficial, certi.Origin);
        Assert.Contains("CERTI", certi.Description, StringComparison.Ordinal);
        Assert.NotNull(certi.Source);
        Assert.Equal(IanaStatus.Dynamic, _facts.GetStatus(new PortNumber(60400), Transport.Udp));
    }

    [Fact]
    public void FindByName_AnyCase_FindsEveryTransport()
    {
        IReadOnlyList<ServiceInfo> found = _facts.FindByName("PostgreSQL");

        Assert.Contains(found, s => s.Transport == Transport.Tcp && s.Ports.First.Value == 5432);
        Assert.All(found, s => Assert.Equal("postgresql", s.Name, ignoreCase: true));
    }

    [Fact]
    public void Search_Fragment_HonoursTheLimit()
    {
        IReadOnlyList<ServiceInfo> found = _facts.Search("sql", 3);

        Assert.Equal(3, found.Count);
        Assert.All(found, s => Assert.Contains("sql", s.Name, StringComparison.OrdinalIgnoreCase));
    }

    [LinuxFact]
    public void ReadHost_Linux_IsWhatProcSays()
    {
        HostFacts host = _facts.ReadHost();

        string[] range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("linux", host.OperatingSystem);
        Assert.Equal(PortInterval.Parse($"{range[0]}-{range[1]}"), host.For(Transport.Tcp).EphemeralRange);
        Assert.Equal(host.For(Transport.Tcp).EphemeralRange, host.For(Transport.Udp).EphemeralRange);
        Assert.Contains(host.Sources, s => s.Setting == "ephemeralRange" && s.Location == "/proc/sys/net/ipv4/ip_local_port_range" && s.Fallback is null);
    }

    [LinuxFact]
    public void FindListeners_LoopbackListener_OwnedByThisProcess()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = new PortNumber(((IPEndPoint)socket.LocalEndPoint!).Port);

        ListenerSnapshot snapshot = _facts.FindListeners(port);

        Listener found = Assert.Single(snapshot, l => l.Transport == Transport.Udp);
        Assert.Equal(Environment.ProcessId, found.ProcessId);
    }

    [Fact]
    public void Lease_SeveralAtOnce_DistinctAndOutsideTheEphemeralRange()
    {
        PortInterval ephemeral = _facts.ReadHost().For(Transport.Tcp).EphemeralRange;
        var leases = new List<IFreePortLease>();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                leases.Add(_facts.Lease(Transport.Tcp, guard: true));
            }

            Assert.Equal(5, leases.Select(l => l.Port).Distinct().Count());
            Assert.All(leases, l => Assert.False(ephemeral.Contains(l.Port)));
        }
        finally
        {
            leases.ForEach(l => l.Dispose());
        }
    }

    [Fact]
    public void Run_WithLibraryFacts_60400MentionsCertiAndThisHost()
    {
        ToolResult result = ToolRunner.Run(_facts, "60400");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("certi-rtig", result.Out, StringComparison.Ordinal);
        Assert.Contains("49152-65535", result.Out, StringComparison.Ordinal);
        Assert.Contains($"This host ({_facts.ReadHost().OperatingSystem})", result.Out, StringComparison.Ordinal);
        Assert.Contains("In use now (source: ", result.Out, StringComparison.Ordinal);
    }
}
