using Xunit;

namespace PortClassification.Tests.Common;

public class TransportGuardTests
{
    public static TheoryData<Transport> Undefined => new() { (Transport)(-1), (Transport)4, (Transport)42, (Transport)int.MinValue };

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Udp)]
    [InlineData(Transport.Sctp)]
    [InlineData(Transport.Dccp)]
    public void ThrowIfUndefined_DefinedTransport_DoesNotThrow(Transport transport)
    {
        TransportGuard.ThrowIfUndefined(transport, nameof(transport));
        Assert.True(TransportGuard.IsDefined(transport));
    }

    [Theory]
    [MemberData(nameof(Undefined))]
    public void ThrowIfUndefined_UndefinedTransport_ThrowsArgumentOutOfRangeWithTheParameterName(Transport transport)
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => TransportGuard.ThrowIfUndefined(transport, "protocol"));

        Assert.Equal("protocol", e.ParamName);
        Assert.Equal(transport, e.ActualValue);
    }

    [Theory]
    [MemberData(nameof(Undefined))]
    public void PublicApis_UndefinedTransport_ThrowTheSameException(Transport transport)
    {
#pragma warning disable CA1416 // Reading fixture files works on every OS.
        HostPortSettings linux = LinuxHostPortSettings.Read(PortClassification.Tests.Host.HostFixtures.LinuxDirectory("default"));
#pragma warning restore CA1416
        ServiceRegistry registry = ServiceRegistry.Default;
        Action[] calls =
        [
            () => _ = new ServiceEntry("x", new PortInterval(80), transport),
            () => registry.Lookup(80, transport),
            () => registry.GetStatus(80, transport),
            () => registry.TryGetPort("http", transport, out _),
            () => linux.EphemeralRange(transport),
            () => linux.Reserved(transport),
            () => HostPortSettings.CreateUnsupportedPlatform().IsReserved(80, transport),
        ];

        Assert.All(calls, call =>
        {
            ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(call);
            Assert.Equal("transport", e.ParamName);
            Assert.Equal(transport, e.ActualValue);
            Assert.StartsWith("The transport must be Tcp, Udp, Sctp or Dccp.", e.Message, StringComparison.Ordinal);
        });
    }
}
