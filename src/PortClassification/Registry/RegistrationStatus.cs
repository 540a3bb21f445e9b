namespace PortClassification;

/// <summary>
/// The status of a port number for one transport in IANA's port registry.
/// </summary>
/// <remarks>
/// Only IANA records decide the status: unofficial and user entries never make a port
/// <see cref="Assigned"/>.
/// </remarks>
public enum RegistrationStatus
{
    /// <summary>IANA has not assigned the port for this transport; a service may apply for it.</summary>
    Unassigned = 0,

    /// <summary>IANA has assigned the port to a named service for this transport.</summary>
    Assigned = 1,

    /// <summary>IANA holds the port back (reserved, de-assigned, or set aside for private use) and assigns it to no service.</summary>
    Reserved = 2,

    /// <summary>The port is in the Dynamic and/or Private range, 49152–65535, which IANA never assigns (RFC 6335 §6).</summary>
    Dynamic = 3,
}
