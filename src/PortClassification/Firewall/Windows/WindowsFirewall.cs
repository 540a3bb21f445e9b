using System.Net;
using System.Runtime.Versioning;

namespace PortClassification;

[SupportedOSPlatform("windows")]
internal static class WindowsFirewall
{
    public static FirewallReport Check(PortNumber port, Transport transport, IPAddress? from) =>
        FirewallReport.Unknown(port, transport, from, "windows-firewall", "not yet");
}
