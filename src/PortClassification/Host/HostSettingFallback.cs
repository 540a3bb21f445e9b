namespace PortClassification;

/// <summary>
/// Why <see cref="HostPortSettings"/> used a default value instead of reading it from the operating system.
/// </summary>
/// <remarks>
/// The cases are kept apart on purpose: a platform the library does not know, a source that does not exist
/// on this system, a source that exists but cannot be read here, and a source that returned data the
/// library does not understand call for different actions.
/// </remarks>
public enum HostSettingFallback
{
    /// <summary>No default was used: the value was read (or is fixed by the operating system).</summary>
    None = 0,

    /// <summary>The library has no reader for this operating system.</summary>
    UnsupportedPlatform = 1,

    /// <summary>The source does not exist on this system (for example a Linux kernel older than 4.11 has no <c>ip_unprivileged_port_start</c>).</summary>
    Absent = 2,

    /// <summary>The source exists but could not be read here: permissions, a sandbox, a command that failed or timed out.</summary>
    Unreadable = 3,

    /// <summary>The source was read but its data was not in the expected format.</summary>
    Malformed = 4,
}
