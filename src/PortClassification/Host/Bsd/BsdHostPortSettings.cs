using System;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>Reads the port sysctls of macOS and FreeBSD (<c>net.inet.ip.portrange.*</c>).</summary>
/// <remarks>
/// Written against the XNU and FreeBSD sources (<c>bsd/netinet/in_pcb.c</c>, <c>sys/netinet/in_pcb.c</c>);
/// the pure <see cref="Create"/> is tested everywhere, the <c>sysctlbyname</c> calls only run on those systems.
/// </remarks>
[SupportedOSPlatform("macos")]
[SupportedOSPlatform("freebsd")]
internal static class BsdHostPortSettings
{
    internal const string FirstName = "net.inet.ip.portrange.first";
    internal const string LastName = "net.inet.ip.portrange.last";
    internal const string ReservedHighName = "net.inet.ip.portrange.reservedhigh";

    /// <summary>XNU's <c>IPPORT_HIFIRSTAUTO</c>–<c>IPPORT_HILASTAUTO</c>.</summary>
    internal static readonly PortInterval MacOSDefaultRange = new((ushort)49152, (ushort)65535);

    /// <summary>FreeBSD's <c>IPPORT_EPHEMERALFIRST</c>–<c>IPPORT_EPHEMERALLAST</c>.</summary>
    internal static readonly PortInterval FreeBsdDefaultRange = new((ushort)10000, (ushort)65535);

    /// <summary><c>IPPORT_RESERVED</c>: ports below it need privileges.</summary>
    internal static readonly PortNumber ReservedPortsEnd = (ushort)1024;

    internal static unsafe HostPortSettings Read()
    {
        bool freeBsd = OperatingSystem.IsFreeBSD();
        return Create(
            freeBsd,
            ReadInt32("net.inet.ip.portrange.first\0"u8),
            ReadInt32("net.inet.ip.portrange.last\0"u8),
            freeBsd ? ReadInt32("net.inet.ip.portrange.reservedhigh\0"u8) : default);
    }

    /// <summary>Builds the settings from the sysctl values; pure, so tests cover every outcome on any OS.</summary>
    /// <param name="freeBsd"><see langword="true"/> for FreeBSD, <see langword="false"/> for macOS.</param>
    /// <param name="first">The value of <c>net.inet.ip.portrange.first</c>.</param>
    /// <param name="last">The value of <c>net.inet.ip.portrange.last</c>.</param>
    /// <param name="reservedHigh">The value of <c>net.inet.ip.portrange.reservedhigh</c>; ignored on macOS.</param>
    internal static HostPortSettings Create(bool freeBsd, SysctlValue first, SysctlValue last, SysctlValue reservedHigh)
    {
        string system = freeBsd ? "FreeBSD" : "macOS";
        PortInterval defaultRange = freeBsd ? FreeBsdDefaultRange : MacOSDefaultRange;
        const string RangeLocation = FirstName + ", " + LastName;

        HostSettingProvenance rangeSource;
        PortInterval range;
        SysctlValue failed = first.Fallback != HostSettingFallback.None ? first : last;
        if (failed.Fallback != HostSettingFallback.None)
        {
            range = defaultRange;
            rangeSource = new(HostSetting.EphemeralRange, null, null, HostSettingOrigin.Default, RangeLocation, range.ToString(),
                failed.Fallback, $"{failed.Error} Using {range}, the {system} default.");
        }
        else if (!PortNumber.TryCreate(first.Value, out PortNumber low) || !PortNumber.TryCreate(last.Value, out PortNumber high))
        {
            range = defaultRange;
            rangeSource = new(HostSetting.EphemeralRange, null, null, HostSettingOrigin.Default, RangeLocation, range.ToString(),
                HostSettingFallback.Malformed, $"The sysctls hold {first.Value} and {last.Value}, not port numbers. Using {range}, the {system} default.");
        }
        else
        {
            // The kernel searches downwards when first > last; either way the same ports are used.
            range = low <= high ? new PortInterval(low, high) : new PortInterval(high, low);
            rangeSource = new(HostSetting.EphemeralRange, null, null, HostSettingOrigin.Sysctl, RangeLocation, range.ToString());
        }

        HostSettingProvenance reservedSource = new(HostSetting.ReservedPorts, null, null, HostSettingOrigin.Fixed, "", "",
            HostSettingFallback.None, $"{system} has no list of ports that automatic assignment skips.");

        PortNumber unprivileged = ReservedPortsEnd;
        HostSettingProvenance unprivilegedSource;
        if (!freeBsd)
        {
            unprivilegedSource = new(HostSetting.UnprivilegedPortStart, null, null, HostSettingOrigin.Fixed, "", unprivileged.ToString(),
                HostSettingFallback.None,
                "macOS reserves ports below 1024 (IPPORT_RESERVED); since macOS 10.14 any user may bind them on the wildcard address, but not on a specific one.");
        }
        else if (reservedHigh.Fallback != HostSettingFallback.None)
        {
            unprivilegedSource = new(HostSetting.UnprivilegedPortStart, null, null, HostSettingOrigin.Default, ReservedHighName, unprivileged.ToString(),
                reservedHigh.Fallback, $"{reservedHigh.Error} Using 1024, the FreeBSD default (reservedhigh 1023).");
        }
        else if (reservedHigh.Value is < 0 or > ushort.MaxValue)
        {
            unprivilegedSource = new(HostSetting.UnprivilegedPortStart, null, null, HostSettingOrigin.Default, ReservedHighName, unprivileged.ToString(),
                HostSettingFallback.Malformed, $"The sysctl holds {reservedHigh.Value}, not a port number. Using 1024, the FreeBSD default (reservedhigh 1023).");
        }
        else
        {
            // Ports reservedlow..reservedhigh need privileges; 65535 means every port does, which a PortNumber cannot say exactly.
            unprivileged = (ushort)Math.Min(reservedHigh.Value + 1, ushort.MaxValue);
            unprivilegedSource = new(HostSetting.UnprivilegedPortStart, null, null, HostSettingOrigin.Sysctl, ReservedHighName, unprivileged.ToString(),
                HostSettingFallback.None, $"reservedhigh is {reservedHigh.Value}; the first unprivileged port is the one after it.");
        }

        return new HostPortSettings(
            EphemeralRanges.Same(range),
            [],
            [],
            unprivileged,
            supportsSctpAndDccp: false,
            [rangeSource, reservedSource, unprivilegedSource]);
    }

    private static unsafe SysctlValue ReadInt32(ReadOnlySpan<byte> nulTerminatedName)
    {
        string name = System.Text.Encoding.ASCII.GetString(nulTerminatedName[..^1]);
        int value = 0;
        nuint length = sizeof(int);
        int result;
        try
        {
            fixed (byte* namePointer = nulTerminatedName)
            {
                result = Interop.Libc.sysctlbyname(namePointer, &value, &length, null, 0);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return SysctlValue.Failed(HostSettingFallback.Unreadable, $"sysctlbyname could not be called ({e.Message}).");
        }

        if (result != 0)
        {
            int errno = Marshal.GetLastPInvokeError();

            // ENOENT is 2 on both systems: the kernel has no such sysctl.
            return errno == 2
                ? SysctlValue.Failed(HostSettingFallback.Absent, $"The sysctl {name} does not exist.")
                : SysctlValue.Failed(HostSettingFallback.Unreadable, $"sysctlbyname(\"{name}\") failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");
        }

        return length == sizeof(int)
            ? new SysctlValue(value, HostSettingFallback.None, null)
            : SysctlValue.Failed(HostSettingFallback.Malformed, $"The sysctl {name} returned {length} bytes, not a 4-byte int.");
    }
}
