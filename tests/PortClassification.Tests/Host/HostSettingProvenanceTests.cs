using System.Net.Sockets;
using Xunit;

namespace PortClassification.Tests.Host;

public class HostSettingProvenanceTests
{
    [Fact]
    public void ToString_ReadValue_NamesSettingValueAndLocation()
    {
        var source = new HostSettingProvenance(HostSetting.EphemeralRange, null, null, HostSettingOrigin.File, "/proc/sys/net/ipv4/ip_local_port_range", "32768-60999");

        Assert.Equal("EphemeralRange = 32768-60999 (File /proc/sys/net/ipv4/ip_local_port_range)", source.ToString());
    }

    [Fact]
    public void ToString_Default_AddsScopeFallbackAndReason()
    {
        var source = new HostSettingProvenance(HostSetting.ReservedPorts, Transport.Udp, AddressFamily.InterNetworkV6, HostSettingOrigin.Default,
            "netsh.exe int ipv4 show excludedportrange protocol=udp", "", HostSettingFallback.Unreadable, "netsh timed out.");

        Assert.Equal(
            "ReservedPorts UDP IPv6 = (none) (Default netsh.exe int ipv4 show excludedportrange protocol=udp) [Unreadable]: netsh timed out.",
            source.ToString());
    }
}
