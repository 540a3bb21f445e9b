namespace PortClassification;

/// <summary>
/// Lists the sockets on this host that are listening for connections or datagrams.
/// </summary>
/// <remarks>
/// The package ships one implementation per mechanism (netlink and procfs on Linux, IP Helper on
/// Windows, libproc on macOS, and a portable one over <c>System.Net.NetworkInformation</c>);
/// <see cref="Listeners.Default"/> picks the best for the running OS. Implement this interface to plug
/// in another source, for example a remote agent or a fake in tests. Implementations must be safe to
/// call from several threads at once.
/// </remarks>
public interface IListenerSource
{
    /// <summary>Gets a short, stable name for the mechanism, for diagnostics (for example <c>"linux-netlink"</c>).</summary>
    string Name { get; }

    /// <summary>Lists the listening sockets that match a query.</summary>
    /// <param name="query">What to list; <see langword="null"/> lists every TCP and UDP listener and resolves owners.</param>
    /// <returns>The listeners, with the source's name and whether the list is complete.</returns>
    ListenerSnapshot GetListeners(ListenerQuery? query = null);
}
