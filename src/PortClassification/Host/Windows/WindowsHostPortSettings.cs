using System;
using System.Net.Sockets;
using System.Runtime.Versioning;

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

    /// <summary>The snapshot <see cref="HostPortSettings.Current"/> reuses for <see cref="HostPortSettings.WindowsCacheLifetime"/>.</summary>
    internal static readonly SnapshotCache<HostPortSettings> Cache =
        new(Read, CreateUnreadable, HostPortSettings.WindowsCacheLifetime, TimeProvider.System);

    private static readonly string[][] s_commands =
        [
            ["int", "ipv4", "show", "dynamicport", "tcp"],
            ["int", "ipv6", "show", "dynamicport", "tcp"],
            ["int", "ipv4", "show", "dynamicport", "udp"],
            ["int", "ipv6", "show", "dynamicport", "udp"],
            ["int", "ipv4", "show", "excludedportrange", "protocol=tcp"],
            ["int", "ipv4", "show", "excludedportrange", "protocol=udp"],
        ];

    /// <summary>Runs the six netsh commands at once, all bounded by one 5-second deadline, and builds the settings.</summary>
    internal static HostPortSettings Read() =>
        Create(NetshRunner.Path, commands => NetshRunner.RunAll(NetshRunner.Path, commands, NetshRunner.Timeout));

    /// <summary>Builds the settings from netsh runs made one at a time through <paramref name="run"/>; tests pass captured outputs.</summary>
    /// <param name="netshPath">The path shown in <see cref="HostSettingProvenance.Location"/>.</param>
    /// <param name="run">Runs netsh with the given arguments.</param>
    internal static HostPortSettings Create(string netshPath, Func<string[], NetshResult> run) =>
        Create(netshPath, commands => Array.ConvertAll(commands, arguments => RunOne(run, arguments)));

    /// <summary>Builds the settings from the six netsh commands, run as one batch by <paramref name="runAll"/>.</summary>
    /// <param name="netshPath">The path shown in <see cref="HostSettingProvenance.Location"/>.</param>
    /// <param name="runAll">Runs each argument list and returns one result per list, in order.</param>
    internal static HostPortSettings Create(string netshPath, Func<string[][], NetshResult[]> runAll)
    {
        NetshResult[] results;
        try
        {
            results = runAll(s_commands);
            if (results.Length != s_commands.Length)
            {
                throw new InvalidOperationException($"{results.Length} results for {s_commands.Length} commands.");
            }
        }
#pragma warning disable CA1031 // Reading never throws: every value falls back to its default, with the reason.
        catch (Exception e)
#pragma warning restore CA1031
        {
            results = Array.ConvertAll(s_commands, _ => Unreadable(e));
        }

        string Location(int i) => netshPath + " " + string.Join(' ', s_commands[i]);

        var sources = new HostSettingProvenance[7];
        PortInterval tcp4 = Dynamic(results[0], Transport.Tcp, AddressFamily.InterNetwork, Location(0), out sources[0]);
        PortInterval tcp6 = Dynamic(results[1], Transport.Tcp, AddressFamily.InterNetworkV6, Location(1), out sources[1]);
        PortInterval udp4 = Dynamic(results[2], Transport.Udp, AddressFamily.InterNetwork, Location(2), out sources[2]);
        PortInterval udp6 = Dynamic(results[3], Transport.Udp, AddressFamily.InterNetworkV6, Location(3), out sources[3]);
        ReservedPortRange[] excludedTcpDetails = Excluded(results[4], Transport.Tcp, Location(4), out sources[4]);
        ReservedPortRange[] excludedUdpDetails = Excluded(results[5], Transport.Udp, Location(5), out sources[5]);
        PortInterval[] excludedTcp = NetshOutput.Merge(excludedTcpDetails);
        PortInterval[] excludedUdp = NetshOutput.Merge(excludedUdpDetails);
        sources[6] = new HostSettingProvenance(HostSetting.UnprivilegedPortStart, null, null, HostSettingOrigin.Fixed, "", "0",
            HostSettingFallback.None, "Windows has no privileged ports.");

        return new HostPortSettings(
            new EphemeralRanges(tcp4, tcp6, udp4, udp6),
            excludedTcp,
            excludedUdp,
            PortNumber.MinValue,
            supportsSctpAndDccp: false,
            sources,
            excludedTcpDetails,
            excludedUdpDetails);
    }

    /// <summary>Settings made of defaults only, each saying why: the cache's answer should reading ever throw.</summary>
    internal static HostPortSettings CreateUnreadable(Exception e) => Create(NetshRunner.Path, _ => Unreadable(e));

    private static NetshResult RunOne(Func<string[], NetshResult> run, string[] arguments)
    {
        try
        {
            return run(arguments);
        }
#pragma warning disable CA1031 // One failed run makes one value fall back; the others still count.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Unreadable(e);
        }
    }

    private static NetshResult Unreadable(Exception e) =>
        NetshResult.Failed(HostSettingFallback.Unreadable, $"netsh could not be run ({e.GetType().Name}: {e.Message}).");

    private static PortInterval Dynamic(
        NetshResult result, Transport transport, AddressFamily family, string location, out HostSettingProvenance source)
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

    private static ReservedPortRange[] Excluded(NetshResult result, Transport transport, string location, out HostSettingProvenance source)
    {
        const string Default = "Assuming no excluded ports.";
        if (result.Output is null)
        {
            source = new(HostSetting.ReservedPorts, transport, null, HostSettingOrigin.Default, location, "", result.Fallback, $"{result.Error} {Default}");
            return [];
        }

        try
        {
            ReservedPortRange[] excluded = NetshOutput.ParseExcludedPortRangeEntries(result.Output);
            PortInterval[] merged = NetshOutput.Merge(excluded);
            source = new(HostSetting.ReservedPorts, transport, null, HostSettingOrigin.Command, location, PortIntervalList.Format(merged));
            return excluded;
        }
        catch (FormatException e)
        {
            source = new(HostSetting.ReservedPorts, transport, null, HostSettingOrigin.Default, location, "", HostSettingFallback.Malformed, $"{e.Message} {Default}");
            return [];
        }
    }
}
