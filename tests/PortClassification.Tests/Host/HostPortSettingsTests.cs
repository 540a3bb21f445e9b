using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Host;

public class HostPortSettingsTests
{
    [Fact]
    public void CreateUnsupportedPlatform_Always_UsesIanaDefaultsAndSaysWhy()
    {
        HostPortSettings settings = HostPortSettings.CreateUnsupportedPlatform();

        Assert.Equal(PortInterval.FromRange(PortRange.Dynamic), settings.EphemeralRange(Transport.Tcp));
        Assert.Equal(PortInterval.FromRange(PortRange.Dynamic), settings.EphemeralRange(Transport.Udp, AddressFamily.InterNetworkV6));
        Assert.Empty(settings.Reserved(Transport.Udp));
        Assert.Equal((PortNumber)1024, settings.UnprivilegedPortStart);
        Assert.Equal(3, settings.Provenance.Count);
        Assert.All(settings.Provenance, s =>
        {
            Assert.Equal(HostSettingOrigin.Default, s.Origin);
            Assert.Equal(HostSettingFallback.UnsupportedPlatform, s.Fallback);
            Assert.Contains("RFC 6335", s.Reason, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(AddressFamily.Unspecified)]
    [InlineData(AddressFamily.Unix)]
    [InlineData((AddressFamily)12345)]
    public void EphemeralRange_NotAnIpFamily_ThrowsArgumentOutOfRange(AddressFamily family)
    {
        HostPortSettings settings = Unusual();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => settings.EphemeralRange(Transport.Tcp, family));
        Assert.Equal("addressFamily", e.ParamName);
    }

    [Fact]
    public void Transport_Undefined_ThrowsArgumentOutOfRangeOnEveryMember()
    {
        HostPortSettings settings = Unusual();
        const Transport Undefined = (Transport)42;

        Assert.Equal("transport", Assert.Throws<ArgumentOutOfRangeException>(() => settings.EphemeralRange(Undefined)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => settings.Reserved(Undefined));
        Assert.Throws<ArgumentOutOfRangeException>(() => settings.IsEphemeral((PortNumber)41500, Undefined));
        Assert.Throws<ArgumentOutOfRangeException>(() => settings.IsReserved((PortNumber)41300, Undefined));
    }

    [Fact]
    public void SctpAndDccp_OnlyWhereTheOsShares_Supported()
    {
        Assert.Equal(PortInterval.Parse("41234-41987"), Unusual().EphemeralRange(Transport.Sctp));
        Assert.Throws<ArgumentOutOfRangeException>(() => HostPortSettings.CreateUnsupportedPlatform().EphemeralRange(Transport.Dccp));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(776, true)]
    [InlineData(777, false)]
    [InlineData(65535, false)]
    public void IsPrivileged_UnprivilegedStart777_OnlyPortsOneTo776(int port, bool expected) =>
        Assert.Equal(expected, Unusual().IsPrivileged((PortNumber)port));

    [Property]
    public Property IsEphemeral_AnyPort_MatchesEphemeralRange() =>
        Prop.ForAll(
            Gen.Choose(0, 65535).ToArbitrary(),
            port =>
            {
                HostPortSettings settings = Unusual();
                return settings.IsEphemeral((PortNumber)port, Transport.Tcp) == (port is >= 41234 and <= 41987);
            });

    [Property]
    public Property IsReserved_AnyPort_MatchesReservedList() =>
        Prop.ForAll(
            Gen.Choose(0, 65535).ToArbitrary(),
            port =>
            {
                HostPortSettings settings = Unusual();
                return settings.IsReserved((PortNumber)port, Transport.Udp) == (port is 41300 or (>= 41400 and <= 41410));
            });

    [LinuxFact]
    public void Current_OnLinux_ReadsEveryTime()
    {
        HostPortSettings first = HostPortSettings.Current;
        HostPortSettings second = HostPortSettings.Current;

        Assert.NotSame(first, second);
        Assert.Equal(first.EphemeralRange(Transport.Tcp), second.EphemeralRange(Transport.Tcp));
    }

    [Fact]
    public void Reserved_CastBackToArray_CannotChangeTheInstance()
    {
        HostPortSettings settings = Unusual();
        IReadOnlyList<PortInterval> tcp = settings.Reserved(Transport.Tcp);

        Assert.Throws<InvalidCastException>(() => ((PortInterval[])tcp)[0] = PortInterval.Parse("1-65535"));
        Assert.Throws<NotSupportedException>(() => ((IList<PortInterval>)tcp)[0] = PortInterval.Parse("1-65535"));
        Assert.Throws<NotSupportedException>(() => ((IList<PortInterval>)settings.Reserved(Transport.Udp)).Clear());
        Assert.False(settings.IsReserved((PortNumber)80, Transport.Tcp));
        Assert.False(settings.IsReserved((PortNumber)80, Transport.Udp));
        Assert.Equal([PortInterval.Parse("41300"), PortInterval.Parse("41400-41410")], settings.Reserved(Transport.Udp));
    }

    [Fact]
    public void Sources_CastBackToArray_CannotChangeTheInstance()
    {
        HostPortSettings settings = Unusual();

        Assert.Null(settings.Provenance as HostSettingProvenance[]);
        Assert.Throws<NotSupportedException>(() => ((IList<HostSettingProvenance>)settings.Provenance)[0] = settings.Provenance[1]);
        Assert.Equal(HostSetting.EphemeralRange, settings.Provenance[0].Setting);
    }

    [Fact]
    public void ToString_Always_ListsEverySource()
    {
        string text = Unusual().ToString();

        Assert.Equal(3, text.Split(Environment.NewLine).Length);
        Assert.Contains("EphemeralRange = 41234-41987 (File ", text, StringComparison.Ordinal);
        Assert.Contains("ReservedPorts = 41300,41400-41410 (File ", text, StringComparison.Ordinal);
        Assert.Contains("UnprivilegedPortStart = 777 (File ", text, StringComparison.Ordinal);
    }

    private static HostPortSettings Unusual() =>
#pragma warning disable CA1416 // Reading fixture files works on every OS.
        LinuxHostPortSettings.Read(HostFixtures.LinuxDirectory("unusual"));
#pragma warning restore CA1416
}
