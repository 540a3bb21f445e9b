using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.Versioning;
using System.Threading;

namespace PortClassification.Internal;

/// <summary>
/// <c>Listeners.Default</c> on Linux: netlink sock_diag, or the <c>/proc/net</c> tables from the first time netlink
/// is refused on (a sandbox's decision does not change while the process runs).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LinuxListenerSource : IListenerSource
{
    private readonly IListenerSource _netlink;
    private readonly LinuxProcNetListenerSource _procfs;
    private string? _refusal;

    internal LinuxListenerSource()
        : this(new LinuxNetlinkListenerSource(), new LinuxProcNetListenerSource())
    {
    }

    /// <summary>Initializes an instance over given sources; tests pass a primary that refuses like a sandbox would.</summary>
    internal LinuxListenerSource(IListenerSource netlink, LinuxProcNetListenerSource procfs)
    {
        _netlink = netlink;
        _procfs = procfs;
    }

    /// <summary>Gets <c>"linux-netlink"</c>, or <c>"linux-procfs"</c> once netlink has been refused.</summary>
    public string Name => Volatile.Read(ref _refusal) is null ? _netlink.Name : _procfs.Name;

    public ListenerSnapshot GetListeners(ListenerQuery? query = null)
    {
        if (Volatile.Read(ref _refusal) is null)
        {
            try
            {
                return _netlink.GetListeners(query);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                Volatile.Write(ref _refusal, string.Create(CultureInfo.InvariantCulture, $"Listed from /proc/net because netlink sock_diag was refused: {e.Message}"));
            }
        }

        ListenerSnapshot snapshot = _procfs.GetListeners(query);
        var warnings = new List<string>(snapshot.Warnings.Count + 1) { _refusal! };
        warnings.AddRange(snapshot.Warnings);
        return new ListenerSnapshot(snapshot, snapshot.Source, snapshot.IsComplete, warnings);
    }
}
