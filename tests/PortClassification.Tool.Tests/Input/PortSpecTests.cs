using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tool.Input;
using Xunit;

namespace PortClassification.Tool.Tests.Input;

public class PortSpecTests
{
    public static TheoryData<string, int, Transport?> Valid => new()
    {
        { "0", 0, null },
        { "60400", 60400, null },
        { "65535", 65535, null },
        { "443/tcp", 443, Transport.Tcp },
        { "443/TCP", 443, Transport.Tcp },
        { "60500/udp", 60500, Transport.Udp },
        { "00080/Udp", 80, Transport.Udp },
    };

    public static TheoryData<string, string> Invalid => new()
    {
        { "", "'' is not a port" },
        { "65536", "'65536' is out of range" },
        { "99999999999", "'99999999999' is out of range" },
        { "-1", "'-1' is not a port" },
        { "+80", "'+80' is not a port" },
        { " 80", "' 80' is not a port" },
        { "0x50", "'0x50' is not a port" },
        { "８０", "'８０' is not a port" },
        { "80/sctp", "'80/sctp' has an unknown transport 'sctp'" },
        { "80/tcp/", "'80/tcp/' has an unknown transport 'tcp/'" },
        { "/tcp", "'/tcp' is not a port" },
        { "70000/udp", "'70000' is out of range" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_Valid_ReturnsPortAndTransport(string text, int port, Transport? transport)
    {
        Assert.True(PortSpec.TryParse(text, out PortSpec spec, out string? error));

        Assert.Null(error);
        Assert.Equal(new PortSpec(new PortNumber(port), transport), spec);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_Invalid_SaysWhatIsWrongAndWhatIsExpected(string text, string expected)
    {
        Assert.False(PortSpec.TryParse(text, out _, out string? error));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.EndsWith("expected " + PortSpec.ExpectedForm + ".", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithAndWithoutTransport_IsTheCanonicalForm()
    {
        Assert.Equal("60400", new PortSpec(new PortNumber(60400), null).ToString());
        Assert.Equal("53/udp", new PortSpec(new PortNumber(53), Transport.Udp).ToString());
    }

    [Property]
    public bool TryParse_AnyString_ReturnsAnErrorOrASpecAndNeverThrows(string? text)
    {
        bool parsed = PortSpec.TryParse(text ?? string.Empty, out _, out string? error);
        return parsed == (error is null);
    }

    [Property]
    public Property ToString_EveryPortAndTransport_RoundTrips() =>
        Prop.ForAll(
            Gen.Choose(0, 65535).ToArbitrary(),
            Gen.Elements<Transport?>(null, Transport.Tcp, Transport.Udp).ToArbitrary(),
            (port, transport) =>
            {
                var spec = new PortSpec(new PortNumber(port), transport);
                return PortSpec.TryParse(spec.ToString(), out PortSpec parsed, out _) && parsed == spec;
            });
}
