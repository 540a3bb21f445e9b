using System.Collections.Generic;

namespace PortClassification.Tool.Reports;

/// <summary>Listeners as the tool shows them: a snapshot's rows, each annotated with its best-known service.</summary>
/// <param name="Source">The name of the listener source (for example <c>linux-netlink</c>).</param>
/// <param name="IsComplete">Whether the source saw every listener.</param>
/// <param name="Warnings">What could not be seen and why.</param>
/// <param name="Rows">The listeners, sorted.</param>
/// <param name="UnknownOwners">How many of <paramref name="Rows"/> have no known owning process.</param>
/// <param name="ViewerIsPrivileged">Whether the tool runs as root (or an elevated administrator), who may inspect every process.</param>
internal sealed record ListenerSection(
    string Source,
    bool IsComplete,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<ListenerRow> Rows,
    int UnknownOwners,
    bool ViewerIsPrivileged);

/// <summary>A listener and the name of the service best known on its port.</summary>
/// <param name="Listener">The listener.</param>
/// <param name="Service">The service name, or <see langword="null"/> when none is known.</param>
internal sealed record ListenerRow(Listener Listener, string? Service);
