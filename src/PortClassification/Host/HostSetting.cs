namespace PortClassification;

/// <summary>
/// A port setting of the host that <see cref="HostPortSettings"/> reports, named in its <see cref="HostSettingProvenance"/>.
/// </summary>
public enum HostSetting
{
    /// <summary>The ephemeral (dynamic) port range: see <see cref="HostPortSettings.EphemeralRange(Transport)"/>.</summary>
    EphemeralRange = 0,

    /// <summary>Ports that automatic assignment skips: see <see cref="HostPortSettings.Reserved(Transport)"/>.</summary>
    ReservedPorts = 1,

    /// <summary>The first port an unprivileged process may bind: see <see cref="HostPortSettings.UnprivilegedPortStart"/>.</summary>
    UnprivilegedPortStart = 2,
}
