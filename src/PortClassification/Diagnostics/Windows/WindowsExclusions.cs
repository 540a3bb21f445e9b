using System.Globalization;

namespace PortClassification;

/// <summary>The finding for a port in a Windows excluded port range. Pure.</summary>
/// <remarks>
/// A bind inside an excluded range fails with <c>WSAEACCES</c> (10013) while netstat shows the port free. Ranges marked
/// <c>*</c> by netsh were added by an administrator (<c>netsh int ipv4 add excludedportrange … store=persistent</c>);
/// the others are reserved at run time by Hyper-V, WinNAT or Docker and may move after a restart (research/sockets.md §7.7).
/// </remarks>
internal static class WindowsExclusions
{
    internal static BindFinding Finding(WindowsExclusion exclusion, PortNumber port, Transport transport)
    {
        string protocol = BindText.Transport(transport);
        string show = $"netsh int ipv4 show excludedportrange protocol={protocol}";
        PortInterval range = exclusion.Range;
        string count = range.Count.ToString(CultureInfo.InvariantCulture);
        return exclusion.Administered switch
        {
            true => new BindFinding(
                BindFindingKind.WindowsExcludedRange,
                blocks: true,
                $"Port {port} is in Windows' excluded port range {range}, an administered exclusion (marked * by netsh): an administrator reserved it, so no program may bind it.",
                $"See the ranges with '{show}'. Use a port outside them, or, as an administrator, remove the exclusion: 'netsh int ipv4 delete excludedportrange protocol={protocol} startport={range.First} numberofports={count}'."),
            false => new BindFinding(
                BindFindingKind.WindowsExcludedRange,
                blocks: true,
                $"Port {port} is in Windows' excluded port range {range}, reserved by the system (Hyper-V, WinNAT or Docker reserve such ranges, and they can move after a restart), so no program may bind it.",
                $"See the ranges with '{show}'. Use a port outside them; restarting WinNAT as an administrator ('net stop winnat', then 'net start winnat') often frees them, and 'netsh int ipv4 add excludedportrange protocol={protocol} startport={port} numberofports=1' then keeps the port for you."),
            null => new BindFinding(
                BindFindingKind.WindowsExcludedRange,
                blocks: true,
                $"Port {port} is in Windows' excluded port range {range}, so no program may bind it.",
                $"See the ranges with '{show}': a range marked * was added by an administrator ('netsh int ipv4 delete excludedportrange' removes it); the others are reserved by Hyper-V, WinNAT or Docker. Use a port outside them."),
        };
    }
}
