namespace PortClassification;

/// <summary>
/// What the host firewall does with a new inbound connection to a port, as <see cref="HostFirewall.Check"/> reads it.
/// </summary>
/// <remarks>
/// A definite answer (<see cref="Allowed"/> or <see cref="Blocked"/>) is given only when every rule on the way was
/// understood; anything else is <see cref="Depends"/> (with the conditions) or <see cref="Unknown"/> (with the reason).
/// The default value is <see cref="Unknown"/>.
/// </remarks>
public enum FirewallVerdict
{
    /// <summary>The firewall could not be read, or a rule on the way is not understood; <see cref="FirewallReport.Summary"/> says which.</summary>
    Unknown = 0,

    /// <summary>The firewall accepts the connection.</summary>
    Allowed = 1,

    /// <summary>The firewall drops or rejects the connection.</summary>
    Blocked = 2,

    /// <summary>The firewall accepts or blocks the connection depending on something the question does not fix, listed in <see cref="FirewallReport.Conditions"/>.</summary>
    Depends = 3,
}
