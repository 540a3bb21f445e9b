namespace PortClassification;

/// <summary>
/// Lists this host's TCP and UDP sockets in every state: listeners, connections, <c>TIME_WAIT</c>, bound sockets.
/// </summary>
/// <remarks>
/// <see cref="Sockets.Default"/> is the source for the running OS; it reads the OS through the same per-OS reader as
/// <see cref="Listeners.Default"/>, of which the listeners are the <see cref="SocketState.Listen"/> (TCP) and
/// <see cref="SocketState.Bound"/> (UDP) slice. Implement this interface to plug in another source, for example a
/// fake in tests. Implementations must be safe to call from several threads at once.
/// </remarks>
public interface ISocketSource
{
    /// <summary>Gets a short, stable name for the mechanism, for diagnostics (for example <c>"linux-netlink"</c>).</summary>
    string Name { get; }

    /// <summary>Lists the sockets that match a query.</summary>
    /// <param name="query">What to list; <see langword="null"/> lists every TCP and UDP socket in every state and resolves owners.</param>
    /// <returns>The sockets, with the source's name and whether the list is complete.</returns>
    SocketSnapshot GetSockets(SocketQuery? query = null);
}
