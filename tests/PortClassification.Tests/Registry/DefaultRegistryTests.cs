using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Registry;

public class DefaultRegistryTests
{
    [Fact]
    public void Lookup_443Tcp_IsHttps()
    {
        ServiceEntry https = ServiceRegistry.Default.Lookup(443, Transport.Tcp)[0];

        Assert.Equal("https", https.Name);
        Assert.Equal(ServiceOrigin.Iana, https.Origin);
        Assert.Equal("RFC9110", https.Reference);
        Assert.Equal("https 443/tcp", https.ToString());
    }

    [Fact]
    public void TryGetPort_Postgresql_Is5432()
    {
        Assert.True(ServiceRegistry.Default.TryGetPort("postgresql", Transport.Tcp, out PortNumber port));
        Assert.Equal(5432, port.Value);
        Assert.True(ServiceRegistry.Default.TryGetPort("PostgreSQL", Transport.Udp, out port));
        Assert.Equal(5432, port.Value);
    }

    [Fact]
    public void TryGetPort_UnknownOrNull_ReturnsFalseAndPortZero()
    {
        Assert.False(ServiceRegistry.Default.TryGetPort("no-such-service-here", Transport.Tcp, out PortNumber port));
        Assert.Equal(0, port.Value);
        Assert.False(ServiceRegistry.Default.TryGetPort(null, Transport.Tcp, out _));
    }

    [Theory]
    [InlineData(60400, Transport.Tcp)]
    [InlineData(60500, Transport.Udp)]
    public void Lookup_CertiDefaults_MentionCerti(int port, Transport transport)
    {
        // Other known uses share these dynamic ports (mosh's 60000-61000/udp range, Windows' dynamic range).
        ServiceEntry certi = Assert.Single(ServiceRegistry.Default.Lookup((PortNumber)port, transport), e => e.Name == "certi-rtig");

        Assert.Contains("CERTI", certi.Description, StringComparison.Ordinal);
        Assert.Equal(ServiceOrigin.KnownUse, certi.Origin);
        Assert.Contains("NetworkMessage.hh", certi.Citation, StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Dynamic, ServiceRegistry.Default.GetStatus((PortNumber)port, transport));
    }

    [Fact]
    public void Lookup_Finger_CarriesIanasUnauthorizedUseNote()
    {
        ServiceEntry finger = ServiceRegistry.Default.Lookup(79, Transport.Tcp)[0];

        Assert.Contains("Unauthorized use by some mail users", finger.UnauthorizedUse, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_X11Range_CoversEveryPort()
    {
        Assert.All(new PortInterval(6000, 6063), port =>
            Assert.Contains(ServiceRegistry.Default.Lookup(port, Transport.Tcp), e => e.Name == "x11" && e.Ports == new PortInterval(6000, 6063)));
    }

    [Fact]
    public void GetStatus_WellKnownPorts_FollowIana()
    {
        Assert.Equal(RegistrationStatus.Reserved, ServiceRegistry.Default.GetStatus(0, Transport.Tcp));
        Assert.Equal(RegistrationStatus.Assigned, ServiceRegistry.Default.GetStatus(443, Transport.Udp));
        Assert.Equal(RegistrationStatus.Reserved, ServiceRegistry.Default.GetStatus(1023, Transport.Tcp));
        Assert.Equal(RegistrationStatus.Reserved, ServiceRegistry.Default.GetStatus(49151, Transport.Udp));
        Assert.Equal(RegistrationStatus.Assigned, ServiceRegistry.Default.GetStatus(5000, Transport.Tcp)); // commplex-main; Kestrel's use is unofficial
    }

    [Fact]
    public void RegistryDate_IsTheEmbeddedRegistrysDate()
    {
        Assert.Equal(RegistryTableTests.EmbeddedDate(), ServiceRegistry.Default.RegistryDate);
    }

    [Property]
    public Property GetStatus_DynamicRange_IsAlwaysDynamic() =>
        Prop.ForAll(Gen.Choose(49152, 65535).ToArbitrary(), Gen.Elements(Enum.GetValues<Transport>()).ToArbitrary(),
            (port, transport) => ServiceRegistry.Default.GetStatus((PortNumber)port, transport) == RegistrationStatus.Dynamic);

    [Fact]
    public void GetStatus_EveryDynamicPort_IsDynamicAndUnassignedPortsExist()
    {
        for (int port = 49152; port <= 65535; port++)
        {
            Assert.Equal(RegistrationStatus.Dynamic, ServiceRegistry.Default.GetStatus((PortNumber)port, Transport.Tcp));
        }

        Assert.Contains(Enumerable.Range(1024, 48128), p => ServiceRegistry.Default.GetStatus((PortNumber)p, Transport.Tcp) == RegistrationStatus.Unassigned);
    }

    [Property(MaxTest = 1000)]
    public Property Lookup_ArbitraryPortAndTransport_NeverThrowsAndCoversThePort() =>
        Prop.ForAll(Gen.Choose(0, 65535).ToArbitrary(), Gen.Elements<Transport?>(null, Transport.Tcp, Transport.Udp, Transport.Sctp, Transport.Dccp).ToArbitrary(),
            (port, transport) => ServiceRegistry.Default.Lookup((PortNumber)port, transport)
                .All(e => e.Ports.Contains((PortNumber)port) && (transport is null || e.Transport is null || e.Transport == transport)));

    [Property(MaxTest = 1000)]
    public Property TryGetPort_ArbitraryName_NeverThrows() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), Gen.Elements(Enum.GetValues<Transport>()).ToArbitrary(),
            (name, transport) =>
            {
                bool found = ServiceRegistry.Default.TryGetPort(name, transport, out PortNumber port);
                return !found || ServiceRegistry.Default.Lookup(port, transport).Any(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
            });

    [Fact]
    public void TryGetPort_EveryEntryName_FindsAPortWithThatName()
    {
        foreach (ServiceEntry entry in ServiceRegistry.Default.Entries)
        {
            Transport transport = entry.Transport ?? Transport.Tcp;
            Assert.True(ServiceRegistry.Default.TryGetPort(entry.Name, transport, out PortNumber port), entry.ToString());
            Assert.Contains(ServiceRegistry.Default.Lookup(port, transport), e => string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase));
        }
    }
}
