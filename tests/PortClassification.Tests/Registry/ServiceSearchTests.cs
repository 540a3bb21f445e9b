using Xunit;

namespace PortClassification.Tests.Registry;

public class ServiceSearchTests
{
    private static readonly ServiceRegistry Registry = ServiceRegistry.LoadIanaXml(new MemoryStream(RegistryFixtures.MiniXml)).WithEntries(
    [
        new ServiceEntry("kafka", new PortInterval(9092), Transport.Tcp, "Apache Kafka broker") { Aliases = ["apache-kafka"] },
        new ServiceEntry("kafka-ui", new PortInterval(8080), Transport.Tcp, "Web console for Kafka clusters"),
        new ServiceEntry("zookeeper", new PortInterval(2181), Transport.Tcp, "Coordination service used by old kafka releases"),
        new ServiceEntry("connect", new PortInterval(8083), Transport.Tcp, "Kafkaesque connector"),
        new ServiceEntry("mykafka", new PortInterval(9999), Transport.Tcp, "x"),
        new ServiceEntry("other", new PortInterval(9998), Transport.Tcp, "y") { Aliases = ["kafka-alias"] },
        new ServiceEntry("exact-alias", new PortInterval(9997), Transport.Tcp, "z") { Aliases = ["KAFKA"] },
    ]);

    [Fact]
    public void Search_RanksExactNameAliasPrefixContainsThenDescription()
    {
        IReadOnlyList<ServiceEntry> found = Registry.Search("Kafka");

        Assert.Equal(["kafka", "exact-alias", "kafka-ui", "other", "mykafka", "zookeeper", "connect"], found.Select(e => e.Name));
    }

    [Fact]
    public void Search_NothingOrBlank_IsEmpty()
    {
        Assert.Empty(Registry.Search("no-such-thing-anywhere"));
        Assert.Empty(Registry.Search("   "));
        Assert.Throws<ArgumentNullException>(() => Registry.Search(null!));
    }

    [Fact]
    public void TryGetPort_FindsByAlias_ButANameWinsOverAnAlias()
    {
        ServiceRegistry registry = Registry.WithEntries([new ServiceEntry("apache-kafka", new PortInterval(1111), Transport.Tcp)]);

        Assert.True(Registry.TryGetPort("apache-kafka", Transport.Tcp, out PortNumber viaAlias));
        Assert.Equal((PortNumber)9092, viaAlias);
        Assert.True(registry.TryGetPort("apache-kafka", Transport.Tcp, out PortNumber viaName));
        Assert.Equal((PortNumber)1111, viaName);
    }

    [Fact]
    public void PortRegistry_SearchKafka_FindsAKnownUseFirstWhenTheTableHasKafka()
    {
        IReadOnlyList<ServiceEntry> found = ServiceRegistry.Default.Search("ssh");

        Assert.Equal("ssh", found[0].Name);
        Assert.Equal((PortNumber)22, found[0].Ports.First);
    }
}
