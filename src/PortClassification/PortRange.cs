namespace PortClassification;

/// <summary>
/// The three ranges into which IANA divides the port number space (RFC 6335, section 6).
/// </summary>
/// <remarks>
/// The ranges are the same for every transport protocol. Bounds are inclusive:
/// <list type="table">
///   <listheader><term>Range</term><description>Ports, and other names for it</description></listheader>
///   <item><term><see cref="System"/></term><description>0–1023; also called <em>well-known</em> ports.</description></item>
///   <item><term><see cref="User"/></term><description>1024–49151; also called <em>registered</em> ports.</description></item>
///   <item><term><see cref="Dynamic"/></term><description>49152–65535; also called <em>private</em> or <em>ephemeral</em> ports. IANA never assigns them.</description></item>
/// </list>
/// The members are declared in ascending port order, so comparing two <see cref="PortRange"/> values
/// compares the ranges' positions. Use <see cref="PortInterval.FromRange(PortRange)"/> for a range's bounds.
/// Note that an operating system's own ephemeral range is a host setting and need not match
/// <see cref="Dynamic"/> (Linux uses 32768–60999 by default).
/// </remarks>
public enum PortRange
{
    /// <summary>System ports, 0–1023 ("well-known ports"), assigned by IANA through IETF review or IESG approval.</summary>
    System = 0,

    /// <summary>User ports, 1024–49151 ("registered ports"), assigned by IANA on request.</summary>
    User = 1,

    /// <summary>Dynamic ports, 49152–65535 ("private" or "ephemeral" ports), never assigned by IANA.</summary>
    Dynamic = 2,
}
