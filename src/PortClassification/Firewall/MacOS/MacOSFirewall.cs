using System.Net;
using System.Runtime.Versioning;

namespace PortClassification;

[SupportedOSPlatform("macos")]
internal static class MacOSFirewall
{
    public static FirewallReport Check(PortNumber port, Transport transport, IPAddress? from) =>
        FirewallReport.Unknown(port, transport, from, "macos-application-firewall", "not yet");
}
