using System.Runtime.Versioning;
using Xunit;

namespace PortClassification.Tests.Host.Bsd;

[SupportedOSPlatform("macos")]
[SupportedOSPlatform("freebsd")]
public class BsdHostPortSettingsTests
{
    private static readonly SysctlValue NotRead = new(0, HostSettingFallback.None, "not read on macOS");

    [Fact]
    public void Create_MacOSValues_ReadsRangeAnd1024Fixed()
    {
        HostPortSettings settings = BsdHostPortSettings.Create(false, Value(49152), Value(65535), NotRead);

        Assert.Equal(PortInterval.Parse("49152-65535"), settings.EphemeralRange(Transport.Udp));
        Assert.Empty(settings.Reserved(Transport.Tcp));
        Assert.Equal((PortNumber)1024, settings.UnprivilegedPortStart);
        Assert.Equal(HostSettingOrigin.Sysctl, settings.Provenance[0].Origin);
        Assert.Equal("net.inet.ip.portrange.first, net.inet.ip.portrange.last", settings.Provenance[0].Location);
        Assert.Equal(HostSettingOrigin.Fixed, settings.Provenance[2].Origin);
        Assert.Contains("10.14", settings.Provenance[2].Reason, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => settings.EphemeralRange(Transport.Sctp));
    }

    [Fact]
    public void Create_FreeBsdValues_UsesReservedHighPlusOne()
    {
        HostPortSettings settings = BsdHostPortSettings.Create(true, Value(10000), Value(65535), Value(499));

        Assert.Equal(PortInterval.Parse("10000-65535"), settings.EphemeralRange(Transport.Tcp));
        Assert.Equal((PortNumber)500, settings.UnprivilegedPortStart);
        Assert.Equal(HostSettingOrigin.Sysctl, settings.Provenance[2].Origin);
        Assert.Equal("net.inet.ip.portrange.reservedhigh", settings.Provenance[2].Location);
    }

    [Fact]
    public void Create_FirstAboveLast_ReturnsTheSamePorts()
    {
        HostPortSettings settings = BsdHostPortSettings.Create(false, Value(60000), Value(50000), NotRead);

        Assert.Equal(PortInterval.Parse("50000-60000"), settings.EphemeralRange(Transport.Tcp));
    }

    [Theory]
    [InlineData(false, "49152-65535")]
    [InlineData(true, "10000-65535")]
    public void Create_SysctlFailed_UsesPlatformDefaultWithReason(bool freeBsd, string expected)
    {
        var failed = SysctlValue.Failed(HostSettingFallback.Unreadable, "sysctlbyname(\"net.inet.ip.portrange.last\") failed with errno 1.");
        HostPortSettings settings = BsdHostPortSettings.Create(freeBsd, Value(20000), failed, failed);

        Assert.Equal(PortInterval.Parse(expected), settings.EphemeralRange(Transport.Tcp));
        Assert.Equal(HostSettingOrigin.Default, settings.Provenance[0].Origin);
        Assert.Equal(HostSettingFallback.Unreadable, settings.Provenance[0].Fallback);
        Assert.StartsWith(failed.Error!, settings.Provenance[0].Reason, StringComparison.Ordinal);
        Assert.Equal((PortNumber)1024, settings.UnprivilegedPortStart);
    }

    [Theory]
    [InlineData(-1, 65535)]
    [InlineData(1024, 65536)]
    [InlineData(int.MinValue, int.MaxValue)]
    public void Create_ValuesNotPorts_UsesDefaultAndSaysMalformed(int first, int last)
    {
        HostPortSettings settings = BsdHostPortSettings.Create(true, Value(first), Value(last), Value(-5));

        Assert.Equal(PortInterval.Parse("10000-65535"), settings.EphemeralRange(Transport.Tcp));
        Assert.Equal(HostSettingFallback.Malformed, settings.Provenance[0].Fallback);
        Assert.Equal(HostSettingFallback.Malformed, settings.Provenance[2].Fallback);
        Assert.Equal((PortNumber)1024, settings.UnprivilegedPortStart);
    }

    [Fact]
    public void Create_ReservedHighAllPorts_ClampsTo65535()
    {
        HostPortSettings settings = BsdHostPortSettings.Create(true, Value(10000), Value(65535), Value(65535));

        Assert.Equal(PortNumber.MaxValue, settings.UnprivilegedPortStart);
    }

    private static SysctlValue Value(int value) => new(value, HostSettingFallback.None, null);
}
