using System.Collections.Generic;

namespace PortClassification.Tool.Reports;

/// <summary>A service known to use a port, as the tool shows it.</summary>
/// <param name="Name">The service name, for example <c>https</c>.</param>
/// <param name="Ports">The port or ports the entry covers.</param>
/// <param name="Transport">The transport, or <see langword="null"/> when the entry applies to every transport.</param>
/// <param name="Origin">Where the entry comes from.</param>
/// <param name="Description">The description; empty when there is none.</param>
/// <remarks>
/// The tool keeps its own model rather than the library's <c>ServiceEntry</c> so that its JSON schema
/// is defined (and tested) here, and so that output tests can build any entry they need.
/// </remarks>
internal sealed record ServiceInfo(string Name, PortInterval Ports, Transport? Transport, ServiceKind Origin, string Description)
{
    /// <summary>Gets IANA's references (RFCs), or <see langword="null"/>.</summary>
    public string? Reference { get; init; }

    /// <summary>Gets IANA's "unauthorized use reported" text, or <see langword="null"/>.</summary>
    public string? UnauthorizedUse { get; init; }

    /// <summary>Gets IANA's assignment notes, or <see langword="null"/>.</summary>
    public string? Note { get; init; }

    /// <summary>Gets where a known use's fact comes from (an https URL or <c>owner/repo:path#Lnn</c>), or <see langword="null"/>.</summary>
    public string? Source { get; init; }

    /// <summary>Gets a known use's category in the table's kebab case (<c>dev-server</c>), or <see langword="null"/>.</summary>
    public string? Category { get; init; }

    /// <summary>Gets the platforms an entry is limited to (<c>macos</c>), or <see langword="null"/> when it applies everywhere.</summary>
    public IReadOnlyList<string>? Platforms { get; init; }

    /// <summary>Gets the entry's other names; empty when there are none.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Gets a value indicating whether the entry is a single port rather than a range.</summary>
    public bool IsSinglePort => Ports.First == Ports.Last;
}

/// <summary>Where a <see cref="ServiceInfo"/> comes from.</summary>
internal enum ServiceKind
{
    /// <summary>IANA's Service Name and Transport Protocol Port Number Registry.</summary>
    Iana,

    /// <summary>The library's curated, sourced table of well-known unofficial uses.</summary>
    KnownUse,

    /// <summary>Entries a user added.</summary>
    User,

    /// <summary>This host's services file (<c>/etc/services</c>).</summary>
    Host,
}

/// <summary>The status of a port in IANA's registry, for one transport.</summary>
internal enum IanaStatus
{
    /// <summary>Free for IANA to assign.</summary>
    Unassigned,

    /// <summary>Assigned to at least one service.</summary>
    Assigned,

    /// <summary>Reserved by IANA.</summary>
    Reserved,

    /// <summary>In the dynamic range, which IANA never assigns.</summary>
    Dynamic,
}
