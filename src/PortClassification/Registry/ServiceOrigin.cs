namespace PortClassification;

/// <summary>
/// Where a <see cref="ServiceEntry"/> comes from.
/// </summary>
public enum ServiceOrigin
{
    /// <summary>IANA's Service Name and Transport Protocol Port Number Registry.</summary>
    Iana = 0,

    /// <summary>
    /// A well-known use that IANA has not assigned to that software (or has assigned under another name),
    /// from this library's curated, sourced table of known uses.
    /// </summary>
    KnownUse = 1,

    /// <summary>An entry a caller added with <see cref="ServiceRegistry.WithEntries"/>.</summary>
    User = 2,

    /// <summary>An entry read from a host's services file (<c>/etc/services</c>) with <see cref="ServiceRegistry.LoadServicesFile"/>.</summary>
    Host = 3,
}
