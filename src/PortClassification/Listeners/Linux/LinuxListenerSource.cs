using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.Versioning;
using System.Threading;

namespace PortClassification;

/// <summary>
/// <c>Listeners.Default</c> on Linux: netlink sock_diag, or the <c>/proc/net</c> tables. A refusal (<c>EACCES</c>,
/// <c>EPERM</c>, no netlink or no <c>inet_diag</c>) is remembered, since a sandbox's or kernel's decision does not change
/// while the process runs; any other failure (out of descriptors or memory, a timeout) falls back for that call only.
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
        string? reason = Volatile.Read(ref _refusal);
        if (reason is null)
        {
            try
            {
                return _netlink.GetListeners(query);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                reason = FallbackReason(e, ref _refusal);
            }
        }

        ListenerSnapshot snapshot = _procfs.GetListeners(query);
        var warnings = new List<string>(snapshot.Warnings.Count + 1) { reason };
        warnings.AddRange(snapshot.Warnings);
        return new ListenerSnapshot(snapshot, snapshot.ReaderName, snapshot.IsComplete, warnings);
    }

    /// <summary>Says why a call fell back to <c>/proc/net</c>, and remembers a refusal in <paramref name="refusal"/> for good.</summary>
    internal static string FallbackReason(Exception e, ref string? refusal)
    {
        if (e is UnauthorizedAccessException or LinuxNetlinkException { IsPermanent: true })
        {
            string reason = string.Create(CultureInfo.InvariantCulture, $"Listed from /proc/net because netlink sock_diag was refused: {e.Message}");
            Volatile.Write(ref refusal, reason);
            return reason;
        }

        return string.Create(CultureInfo.InvariantCulture, $"Listed from /proc/net because netlink sock_diag failed this time: {e.Message}");
    }
}
