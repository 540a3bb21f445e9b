using System;

namespace PortClassification;

/// <summary>
/// The operating systems a <see cref="ServiceEntry"/> applies to (<see cref="ServiceEntry.Platforms"/>).
/// </summary>
[Flags]
public enum ServicePlatforms
{
    /// <summary>No platform; never the value of <see cref="ServiceEntry.Platforms"/>.</summary>
    None = 0,

    /// <summary>Linux.</summary>
    Linux = 1,

    /// <summary>macOS.</summary>
    MacOS = 2,

    /// <summary>Windows.</summary>
    Windows = 4,

    /// <summary>Every platform: the value for entries that are not specific to one.</summary>
    All = Linux | MacOS | Windows,
}
