using System.Collections.Generic;

namespace PortClassification;

/// <summary>One Windows excluded port range, and whether an administrator added it.</summary>
/// <param name="Range">The ports excluded.</param>
/// <param name="Administered">
/// <see langword="true"/> for an administered exclusion (netsh marks it <c>*</c>; added with
/// <c>netsh int ipv4 add excludedportrange</c>), <see langword="false"/> for one reserved by the system (Hyper-V, WinNAT,
/// Docker; these move after a restart), <see langword="null"/> when the source does not say.
/// </param>
internal readonly record struct WindowsExclusion(PortInterval Range, bool? Administered)
{
    /// <summary>
    /// Gets the exclusions from the host settings' one netsh reader (<see cref="HostPortSettings.ReservedDetails"/>),
    /// which keeps netsh's <c>*</c> mark of each row.
    /// </summary>
    /// <param name="ranges">The excluded ranges, one per netsh row.</param>
    /// <returns>One exclusion per range, <see cref="Administered"/> as netsh marked it.</returns>
    internal static WindowsExclusion[] FromDetails(IReadOnlyList<ReservedPortRange> ranges)
    {
        var exclusions = new WindowsExclusion[ranges.Count];
        for (int i = 0; i < exclusions.Length; i++)
        {
            exclusions[i] = new WindowsExclusion(ranges[i].Interval, ranges[i].IsAdministered);
        }

        return exclusions;
    }
}
