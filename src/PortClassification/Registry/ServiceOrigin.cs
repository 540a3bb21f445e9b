namespace PortClassification;

/// <summary>
/// Where a <see cref="ServiceEntry"/> comes from.
/// </summary>
public enum ServiceOrigin
{
    /// <summary>IANA's Service Name and Transport Protocol Port Number Registry.</summary>
    Iana = 0,

    /// <summary>A well-known use that IANA has not assigned to that software, from this library's curated table.</summary>
    Unofficial = 1,

    /// <summary>An entry a caller added with <see cref="ServiceRegistry.WithEntries"/>.</summary>
    User = 2,
}
