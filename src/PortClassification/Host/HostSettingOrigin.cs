namespace PortClassification;

/// <summary>
/// Where a value reported by <see cref="HostPortSettings"/> came from.
/// </summary>
public enum HostSettingOrigin
{
    /// <summary>Read from a file, such as <c>/proc/sys/net/ipv4/ip_local_port_range</c> on Linux.</summary>
    File = 0,

    /// <summary>Read with <c>sysctlbyname</c>, such as <c>net.inet.ip.portrange.first</c> on macOS and FreeBSD.</summary>
    Sysctl = 1,

    /// <summary>Parsed from the output of a system command, such as <c>netsh</c> on Windows.</summary>
    Command = 2,

    /// <summary>
    /// Fixed by the operating system, which has no setting for it (1024 as the unprivileged port start on
    /// macOS, 0 on Windows).
    /// </summary>
    Fixed = 3,

    /// <summary>
    /// A documented default, used because the source could not be read or is not available on this
    /// platform; <see cref="HostSettingProvenance.Fallback"/> and <see cref="HostSettingProvenance.Reason"/> say why.
    /// </summary>
    Default = 4,
}
