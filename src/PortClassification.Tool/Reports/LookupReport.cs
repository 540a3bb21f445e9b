using System.Collections.Generic;

namespace PortClassification.Tool.Reports;

/// <summary>What <c>portclass lookup &lt;name&gt;</c> found.</summary>
/// <param name="Query">The name looked up, trimmed.</param>
/// <param name="Services">The entries with exactly that name (any case).</param>
/// <param name="Suggestions">When none has that name: entries whose name contains it.</param>
internal sealed record LookupReport(string Query, IReadOnlyList<ServiceInfo> Services, IReadOnlyList<ServiceInfo> Suggestions)
{
    /// <summary>The most near matches gathered when no service has the exact name.</summary>
    public const int SuggestionLimit = 25;
}
