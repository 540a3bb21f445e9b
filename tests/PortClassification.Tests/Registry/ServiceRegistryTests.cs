using System.Xml.Linq;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Registry;

public class ServiceRegistryTests
{
    private static ServiceRegistry Mini() => ServiceRegistry.LoadIanaXml(new MemoryStream(RegistryFixtures.MiniXml));

    [SharedDataFact]
    public void Default_FindsEveryNamedTcpUdpRecordOfTheSharedXml_OnEveryPortOfItsRange()
    {
        Assert.True(SharedData.IanaDirectory is not null, SharedData.SearchDescription);

        // An independent oracle: LINQ to XML, not the library's reader.
        XNamespace ns = "http://www.iana.org/assignments";
        XElement registry = XDocument.Load(SharedData.XmlPath).Root!;
        int records = 0, ports = 0;
        foreach (XElement record in registry.Elements(ns + "record"))
        {
            string name = ((string?)record.Element(ns + "name"))?.Trim() ?? string.Empty;
            string protocol = ((string?)record.Element(ns + "protocol"))?.Trim() ?? string.Empty;
            string number = ((string?)record.Element(ns + "number"))?.Trim() ?? string.Empty;
            if (name.Length == 0 || number.Length == 0 || protocol is not ("tcp" or "udp"))
            {
                continue;
            }

            Transport transport = protocol == "tcp" ? Transport.Tcp : Transport.Udp;
            string[] bounds = number.Split('-');
            int first = int.Parse(bounds[0], System.Globalization.CultureInfo.InvariantCulture);
            int last = int.Parse(bounds[^1], System.Globalization.CultureInfo.InvariantCulture);
            records++;
            for (int port = first; port <= last; port++)
            {
                ports++;
                IReadOnlyList<ServiceEntry> found = ServiceRegistry.Default.Lookup((PortNumber)port, transport);
                Assert.True(found.Any(e => e.Name == name && e.Origin == ServiceOrigin.Iana),
                    $"{name} {port}/{protocol} (record {number}) is not found by Lookup");
                Assert.Equal(RegistrationStatus.Assigned, ServiceRegistry.Default.GetStatus((PortNumber)port, transport));
            }
        }

        // The shared XML of 2026-08-17: 6,242 tcp and 6,234 udp records with a port, most of them named.
        Assert.InRange(records, 11_000, 12_476);
        Assert.True(ports >= records);
    }

    [SharedDataFact]
    public void LoadIanaCsv_SharedCsv_HasTheDocumentedCounts()
    {
        Assert.True(SharedData.IanaDirectory is not null, SharedData.SearchDescription);
        using FileStream csv = File.OpenRead(SharedData.CsvPath);

        ServiceRegistry registry = ServiceRegistry.LoadIanaCsv(csv);

        // SOURCE.md: 11,724 rows have both a service name and a port; newest date 2026-02-13.
        Assert.Equal(11_724, registry.Entries.Count);
        Assert.Equal(new DateOnly(2026, 2, 13), registry.RegistryDate);
        Assert.Equal("https", registry.Lookup(443, Transport.Tcp)[0].Name);
    }

    [Fact]
    public void Lookup_RangeRecord_IsFoundOnEveryPortAndNowhereElse()
    {
        ServiceRegistry registry = Mini();

        foreach (PortNumber port in new PortInterval(6000, 6063))
        {
            Assert.Equal("x11", Assert.Single(registry.Lookup(port, Transport.Tcp)).Name);
        }

        Assert.Empty(registry.Lookup(5999));
        Assert.Empty(registry.Lookup(6064));
        Assert.Empty(registry.Lookup(6000, Transport.Udp));
    }

    [Fact]
    public void Lookup_NoTransport_ReturnsEveryTransportInRegistryOrder()
    {
        ServiceRegistry registry = Mini();

        Assert.Equal([Transport.Tcp, Transport.Sctp], registry.Lookup(443).Select(e => e.Transport!.Value));
        Assert.Equal(Transport.Sctp, Assert.Single(registry.Lookup(443, Transport.Sctp)).Transport);
        Assert.Empty(registry.Lookup(443, Transport.Dccp));
    }

    [Fact]
    public void Lookup_RecordWithoutProtocol_AppliesToEveryTransport()
    {
        ServiceRegistry registry = Mini();

        foreach (Transport transport in Enum.GetValues<Transport>())
        {
            Assert.Equal("boe-cms", Assert.Single(registry.Lookup(6400, transport)).Name);
            Assert.Equal(RegistrationStatus.Assigned, registry.GetStatus(6400, transport));
        }
    }

    [Fact]
    public void Lookup_AnyPort_AllocatesNothing()
    {
        ServiceRegistry registry = ServiceRegistry.Default;
        LookUpEveryPort(registry); // first calls may initialize statics, JIT and tier up: not what is measured

        long before = GC.GetAllocatedBytesForCurrentThread();
        int found = LookUpEveryPort(registry);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(found > 0);
    }

    private static int LookUpEveryPort(ServiceRegistry registry)
    {
        int found = 0;
        for (int port = 0; port <= ushort.MaxValue; port++)
        {
            found += registry.Lookup((ushort)port).Count + registry.Lookup((ushort)port, Transport.Udp).Count;
            found += registry.TryGetPort("https", Transport.Tcp, out _) ? 1 : 0;
            found += (int)registry.GetStatus((ushort)port, Transport.Tcp);
        }

        return found;
    }

    [Theory]
    [InlineData(0, Transport.Tcp, RegistrationStatus.Reserved)]
    [InlineData(0, Transport.Udp, RegistrationStatus.Unassigned)]
    [InlineData(359, Transport.Udp, RegistrationStatus.Reserved)]
    [InlineData(443, Transport.Tcp, RegistrationStatus.Assigned)]
    [InlineData(443, Transport.Udp, RegistrationStatus.Unassigned)]
    [InlineData(500, Transport.Sctp, RegistrationStatus.Unassigned)]
    [InlineData(49152, Transport.Tcp, RegistrationStatus.Dynamic)]
    public void GetStatus_Fixture_FollowsTheRecords(int port, Transport transport, RegistrationStatus expected)
    {
        Assert.Equal(expected, Mini().GetStatus((PortNumber)port, transport));
    }

    [Fact]
    public void WithEntries_UserEntry_IsFoundWithoutChangingTheOriginalOrIanaStatus()
    {
        ServiceRegistry original = Mini();
        var billing = new ServiceEntry("billing-api", new PortInterval(7100, 7101), Transport.Tcp, "Our billing service", "https://wiki.example/billing");

        ServiceRegistry extended = original.WithEntries([billing]);

        Assert.Same(billing, Assert.Single(extended.Lookup(7101, Transport.Tcp)));
        Assert.Equal(ServiceOrigin.User, billing.Origin);
        Assert.True(extended.TryGetPort("BILLING-API", Transport.Tcp, out PortNumber port));
        Assert.Equal(7100, port.Value);
        Assert.Empty(original.Lookup(7101, Transport.Tcp));
        Assert.False(original.TryGetPort("billing-api", Transport.Tcp, out _));
        Assert.Equal(RegistrationStatus.Unassigned, extended.GetStatus(7100, Transport.Tcp));
        Assert.Equal(original.RegistryDate, extended.RegistryDate);
        Assert.DoesNotContain(ServiceRegistry.Default.Lookup(7101, Transport.Tcp), e => e.Origin == ServiceOrigin.User);
    }

    [Fact]
    public void WithEntries_SameNameAsIana_IanaKeepsTheName()
    {
        ServiceRegistry extended = Mini().WithEntries([new ServiceEntry("https", new PortInterval(8443), Transport.Tcp)]);

        Assert.True(extended.TryGetPort("https", Transport.Tcp, out PortNumber port));
        Assert.Equal(443, port.Value);
        Assert.Equal(2, extended.Lookup(8443).Count + extended.Lookup(443, Transport.Tcp).Count);
    }

    [Fact]
    public void WithEntries_NullEntry_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentNullException>(() => Mini().WithEntries(null!));
        Assert.Throws<ArgumentException>(() => Mini().WithEntries([null!]));
    }

    [Fact]
    public void UndefinedTransport_ThrowsArgumentOutOfRangeException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Mini().Lookup(80, (Transport)4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mini().GetStatus(80, (Transport)(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mini().TryGetPort("http", (Transport)9, out _));
    }

    [Fact]
    public void LoadIanaXml_Truncated_ThrowsFormatExceptionAndNeverAPartialRegistry()
    {
        byte[] xml = RegistryFixtures.MiniXml;

        var e = Assert.Throws<FormatException>(() => ServiceRegistry.LoadIanaXml(new MemoryStream(xml, 0, xml.Length / 2)));

        Assert.Matches(@"record \d+|line \d+", e.Message);
    }

    [Fact]
    public void LoadIanaCsv_Fixture_MatchesTheXmlFixture()
    {
        ServiceRegistry csv = ServiceRegistry.LoadIanaCsv(new MemoryStream(RegistryFixtures.MiniCsv));
        ServiceRegistry xml = Mini();

        Assert.Equal(xml.Entries.Select(e => e.ToString()), csv.Entries.Select(e => e.ToString()));
        for (int port = 0; port < 10_000; port++)
        {
            foreach (Transport transport in Enum.GetValues<Transport>())
            {
                Assert.Equal(xml.GetStatus((PortNumber)port, transport), csv.GetStatus((PortNumber)port, transport));
            }
        }
    }

    [Fact]
    public void Load_NullStream_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ServiceRegistry.LoadIanaXml(null!));
        Assert.Throws<ArgumentNullException>(() => ServiceRegistry.LoadIanaCsv(null!));
    }

    [Fact]
    public void Default_IsOneInstanceAcrossThreads()
    {
        ServiceRegistry[] seen = new ServiceRegistry[8];
        Parallel.For(0, seen.Length, i => seen[i] = ServiceRegistry.Default);

        Assert.All(seen, r => Assert.Same(ServiceRegistry.Default, r));
    }

    [Fact]
    public void LoadEmbedded_Fresh_IsEquivalentToDefault()
    {
        ServiceRegistry fresh = ServiceRegistry.LoadEmbedded(withKnownUses: true);

        Assert.NotSame(ServiceRegistry.Default, fresh);
        Assert.Equal(ServiceRegistry.Default.Entries.Count, fresh.Entries.Count);
        Assert.Equal(ServiceRegistry.Default.RegistryDate, fresh.RegistryDate);
    }
}
