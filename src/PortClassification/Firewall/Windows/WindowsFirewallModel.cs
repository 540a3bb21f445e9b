using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// One Windows Defender Firewall rule as <c>INetFwRule</c> reports it (learn.microsoft.com, <c>netfw.h</c>): strings
/// exactly as the API returns them, numbers as the <c>NET_FW_*</c> enums define them.
/// </summary>
/// <param name="Name">The rule's name (maybe an indirect string such as <c>@FirewallAPI.dll,-28502</c>).</param>
/// <param name="Enabled">Whether the rule is enabled.</param>
/// <param name="Direction"><c>NET_FW_RULE_DIRECTION</c>: 1 inbound, 2 outbound.</param>
/// <param name="Protocol"><c>NET_FW_IP_PROTOCOL</c>: 6 TCP, 17 UDP, 256 any, or another IANA number.</param>
/// <param name="LocalPorts"><c>*</c>, or comma-separated ports, ranges <c>a-b</c> and keywords; empty for protocols without ports.</param>
/// <param name="RemoteAddresses"><c>*</c>, or comma-separated addresses, subnets, ranges and keywords.</param>
/// <param name="LocalAddresses">As <paramref name="RemoteAddresses"/>, for the local side.</param>
/// <param name="Profiles"><c>NET_FW_PROFILE_TYPE2</c> bits: 1 domain, 2 private, 4 public; 0x7FFFFFFF all.</param>
/// <param name="Action"><c>NET_FW_ACTION</c>: 0 block, 1 allow.</param>
/// <param name="ApplicationName">The program the rule is scoped to, or <see langword="null"/>.</param>
/// <param name="ServiceName">The service the rule is scoped to, or <see langword="null"/>.</param>
/// <param name="InterfaceTypes"><c>All</c>, or a comma-separated list of <c>RemoteAccess</c>, <c>Wireless</c>, <c>Lan</c>.</param>
/// <param name="HasInterfaces">Whether the rule is limited to named interfaces.</param>
internal sealed record WindowsFirewallRule(
    string Name, bool Enabled, int Direction, int Protocol, string? LocalPorts, string? RemoteAddresses, string? LocalAddresses,
    int Profiles, int Action, string? ApplicationName, string? ServiceName, string? InterfaceTypes, bool HasInterfaces)
{
    public const int Inbound = 1;
    public const int Block = 0;
    public const int Allow = 1;
    public const int AnyProtocol = 256;
}

/// <summary>The settings of one firewall profile (<c>INetFwPolicy2</c> per-profile properties); <see langword="null"/> where the API failed.</summary>
/// <param name="Profile">The <c>NET_FW_PROFILE_TYPE2</c> bit.</param>
/// <param name="Enabled"><c>FirewallEnabled</c>.</param>
/// <param name="BlockAllInbound"><c>BlockAllInboundTraffic</c>: exceptions are ignored.</param>
/// <param name="DefaultInboundAction"><c>DefaultInboundAction</c>: 0 block, 1 allow.</param>
internal sealed record WindowsFirewallProfile(int Profile, bool? Enabled, bool? BlockAllInbound, int? DefaultInboundAction)
{
    public string Name => Profile switch { 1 => "domain", 2 => "private", 4 => "public", _ => $"profile 0x{Profile:x}" };
}

/// <summary>What the reader got from <c>INetFwPolicy2</c>: the active profiles and their settings, the rules, and what failed.</summary>
internal sealed record WindowsFirewallPolicy(IReadOnlyList<WindowsFirewallProfile> CurrentProfiles, IReadOnlyList<WindowsFirewallRule> Rules, string? Failure);
