using System;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Threading.Tasks;
using PortClassification.Internal;

namespace PortClassification;

/// <summary>Reads the Windows dynamic port ranges and excluded port ranges by running <c>netsh</c>.</summary>
/// <remarks>
/// No documented Win32 function returns either: <c>MSFT_NetTCPSetting</c> needs WMI, and nothing enumerates
/// the exclusions that Hyper-V, WinNAT and Docker reserve at run time. Exclusions are kept per transport
/// and apply to IPv4 and IPv6 alike, so only the <c>ipv4</c> list is read.
/// </remarks>
[SupportedOSPlatform("windows")]
internal static class WindowsHostPortSettings
{
    /// <summary>The default since Windows Vista: start 49152, 16384 ports.</summary>
    internal static readonly PortInterval DefaultDynamicRange = new((ushort)49152, (ushort)65535);

    internal static HostPortSettings Read() => Create(NetshRunner.Path, NetshRunner.Run);

    /// <summary>Runs the six netsh commands through <paramref name="run"/> (in parallel) and builds the settings.</summary>
    /// <param name="netshPath">The path shown in <see cref="HostSettingSource.Location"/>.</param>
    /// <param name="run">Runs netsh with the given arguments; tests pass captured outputs.</param>
    internal static HostPortSettings Create(string netshPath, Func<string[], NetshResult> run)
    {
        string[][] commands =
        [
            ["int", "ipv4", "show", "dynamicport", "tcp"],
            ["int", "ipv6", "show", "dynamicport", "tcp"],
            ["int", "ipv4", "show", "dynamicport", "udp"],
            ["int", "ipv6", "show", "dynamicport", "udp"],
            ["int", "ipv4", "show", "excludedportrange", "protocol=tcp"],
            ["int", "ipv4", "show", "excludedportrange", "protocol=udp"],
        ];

        // Six sequential runs can take a second; a hung netsh is bounded by the runner's timeout either way.
        var results = new Task<NetshResult>[commands.Length];
        for (int i = 0; i < commands.Length; i++)
        {
            string[] arguments = commands[i];
            results[i] = Task.Run(() => run(arguments));
        }

        Task.WaitAll(results);
        string Location(int i) => netshPath + " " + string.Join(' ', commands[i]);

        var sources = new HostSettingSource[7];
        PortInterval tcp4 = Dynamic(results[0].Result, Transport.Tcp, AddressFamily.InterNetwork, Location(0), out sources[0]);
        PortInterval tcp6 = Dynamic(results[1].Result, Transport.Tcp, AddressFamily.InterNetworkV6, Location(1), out sources[1]);
        PortInterval udp4 = Dynamic(results[2].Result, Transport.Udp, AddressFamily.InterNetwork, Location(2), out sources[2]);
        PortInterval udp6 = Dynamic(results[3].Result, Transport.Udp, AddressFamily.InterNetworkV6, Location(3), out sources[3]);
        PortInterval[] excludedTcp = Excluded(results[4].Result, Transport.Tcp, Location(4), out sources[4]);
        PortInterval[] excludedUdp = Excluded(results[5].Result, Transport.Udp, Location(5), out sources[5]);
        sources[6] = new HostSettingSource(HostSetting.UnprivilegedPortStart, null, null, HostSettingOrigin.Fixed, "", "0",
            HostSettingFallback.None, "Windows has no privileged ports.");

        return new HostPortSettings(
            new EphemeralRanges(tcp4, tcp6, udp4, udp6),
            excludedTcp,
            excludedUdp,
            PortNumber.MinValue,
            supportsSctpAndDccp: false,
            sources);
    }

    private static PortInterval Dynamic(
        NetshResult result, Transport transport, AddressFamily family, string location, out HostSettingSource source)
    {
        const string Default = "Using 49152-65535, the default since Windows Vista.";
        if (result.Output is null)
        {
            source = new(HostSetting.EphemeralRange, transport, family, HostSettingOrigin.Default, location,
                DefaultDynamicRange.ToString(), result.Fallback, $"{result.Error} {Default}");
            return DefaultDynamicRange;
        }

        try
        {
            PortInterval range = NetshOutput.ParseDynamicPortRange(result.Output);
            source = new(HostSetting.EphemeralRange, transport, family, HostSettingOrigin.Command, location, range.ToString());
            return range;
        }
        catch (FormatException e)
        {
            source = new(HostSetting.EphemeralRange, transport, family, HostSettingOrigin.Default, location,
                DefaultDynamicRange.ToString(), HostSettingFallback.Malformed, $"{e.Message} {Default}");
            return DefaultDynamicRange;
        }
    }

    private static PortInterval[] Excluded(NetshResult result, Transport transport, string location, out HostSettingSource source)
    {
        const string Default = "Assuming no excluded ports.";
        if (result.Output is null)
        {
            source = new(HostSetting.ReservedPorts, transport, null, HostSettingOrigin.Default, location, "", result.Fallback, $"{result.Error} {Default}");
            return [];
        }

        try
        {
            PortInterval[] excluded = NetshOutput.ParseExcludedPortRanges(result.Output);
            source = new(HostSetting.ReservedPorts, transport, null, HostSettingOrigin.Command, location, PortIntervalList.Format(excluded));
            return excluded;
        }
        catch (FormatException e)
        {
            source = new(HostSetting.ReservedPorts, transport, null, HostSettingOrigin.Default, location, "", HostSettingFallback.Malformed, $"{e.Message} {Default}");
            return [];
        }
    }
}
