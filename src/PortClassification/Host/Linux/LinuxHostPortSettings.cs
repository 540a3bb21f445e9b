using System;
using System.IO;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>Reads the Linux port sysctls of the calling thread's network namespace.</summary>
/// <remarks>
/// <c>/proc/sys/net</c> shows the network namespace of the task that opens the file, so a thread that
/// entered another namespace (<c>unshare(CLONE_NEWNET)</c>, <c>setns</c>) reads that namespace's values.
/// </remarks>
[SupportedOSPlatform("linux")]
internal static class LinuxHostPortSettings
{
    internal const string Directory = "/proc/sys/net/ipv4";

    /// <summary>The kernel's defaults since Linux 4.2 (<c>inet_init_net</c>): used when a file cannot be read.</summary>
    internal static readonly PortInterval DefaultLocalPortRange = new((ushort)32768, (ushort)60999);

    internal static readonly PortNumber DefaultUnprivilegedPortStart = (ushort)1024;

    internal static HostPortSettings Read() => Read(Directory);

    /// <summary>Reads the three files from <paramref name="directory"/>; tests point it at fixtures.</summary>
    internal static HostPortSettings Read(string directory)
    {
        string rangePath = Path.Combine(directory, "ip_local_port_range");
        string reservedPath = Path.Combine(directory, "ip_local_reserved_ports");
        string unprivilegedPath = Path.Combine(directory, "ip_unprivileged_port_start");

        PortInterval range = DefaultLocalPortRange;
        HostSettingProvenance rangeSource = ReadFile(
            HostSetting.EphemeralRange, rangePath, DefaultLocalPortRange.ToString(),
            "32768-60999, the kernel default since Linux 4.2",
            bytes =>
            {
                range = LinuxPortSysctls.ParseLocalPortRange(bytes);
                return range.ToString();
            });

        PortInterval[] reserved = [];
        HostSettingProvenance reservedSource = ReadFile(
            HostSetting.ReservedPorts, reservedPath, "",
            "no reserved ports, the kernel default",
            bytes =>
            {
                reserved = LinuxPortSysctls.ParseReservedPorts(bytes);
                return PortIntervalList.Format(reserved);
            });

        PortNumber unprivileged = DefaultUnprivilegedPortStart;
        HostSettingProvenance unprivilegedSource = ReadFile(
            HostSetting.UnprivilegedPortStart, unprivilegedPath, DefaultUnprivilegedPortStart.ToString(),
            "1024, the fixed limit of kernels older than 4.11 (which lack this file) and the default of those that have it",
            bytes =>
            {
                unprivileged = LinuxPortSysctls.ParseUnprivilegedPortStart(bytes);
                return unprivileged.ToString();
            });

        return new HostPortSettings(
            EphemeralRanges.Same(range),
            reserved,
            reserved,
            unprivileged,
            supportsSctpAndDccp: true,
            [rangeSource, reservedSource, unprivilegedSource]);
    }

    private static HostSettingProvenance ReadFile(
        HostSetting setting, string path, string defaultValue, string defaultDescription, Func<byte[], string> parse)
    {
        HostSettingFallback fallback;
        string reason;
        try
        {
            string value = parse(ProcFile.ReadAllBytes(path));
            return new HostSettingProvenance(setting, null, null, HostSettingOrigin.File, path, value);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            fallback = HostSettingFallback.Absent;
            reason = $"The file does not exist ({e.GetType().Name}); using {defaultDescription}.";
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            fallback = HostSettingFallback.Unreadable;
            reason = $"The file could not be read ({e.Message.TrimEnd('.')}); using {defaultDescription}.";
        }
        catch (FormatException e)
        {
            fallback = HostSettingFallback.Malformed;
            reason = $"{e.Message} Using {defaultDescription}.";
        }

        return new HostSettingProvenance(setting, null, null, HostSettingOrigin.Default, path, defaultValue, fallback, reason);
    }
}
