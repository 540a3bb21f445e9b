using System;
using System.Collections.Generic;
using System.Net;
using System.Net.NetworkInformation;

namespace PortClassification;

/// <summary>
/// Lists listeners through <see cref="IPGlobalProperties"/>, the portable API in the base class library; it never knows owners.
/// </summary>
/// <remarks>
/// <para>Use it where no OS-specific source exists. Its answers inherit the BCL's behaviour, which differs by OS:</para>
/// <list type="bullet">
/// <item>No process ids or names anywhere: <see cref="Listener.ProcessId"/> is always <see langword="null"/>, even when
/// <see cref="ListenerQuery.ResolveProcesses"/> is set.</item>
/// <item>On Linux the UDP list comes from <c>/proc/net/udp*</c> unfiltered, so <b>connected</b> UDP sockets are
/// reported as listeners (macOS skips them); TCP reads every row of <c>/proc/net/tcp*</c>, established ones included,
/// so it slows down with the number of connections.</item>
/// <item>IPv6 addresses carry no scope id on Linux; IPv4-mapped addresses are unwrapped here.</item>
/// <item>When the OS cannot be asked, the BCL throws <see cref="NetworkInformationException"/>; this source passes it on.</item>
/// </list>
/// <para>Instances are thread-safe.</para>
/// </remarks>
public sealed class ManagedListenerSource : IListenerSource
{
    /// <summary>Gets the mechanism's name, <c>"managed"</c>.</summary>
    public string Name => "managed";

    /// <summary>Lists the listening sockets that match a query.</summary>
    /// <param name="query">What to list; <see langword="null"/> lists every TCP and UDP listener.</param>
    /// <returns>The listeners, without owners.</returns>
    /// <exception cref="NetworkInformationException">The OS refused the underlying query.</exception>
    /// <exception cref="PlatformNotSupportedException">The BCL does not support listing sockets on this OS (Android, browser).</exception>
    public ListenerSnapshot GetListeners(ListenerQuery? query = null)
    {
        query ??= ListenerQueryDefaults.Everything;
        IPGlobalProperties properties = IPGlobalProperties.GetIPGlobalProperties();
        var listeners = new List<Listener>();
        if (query.Transport is null or Transport.Tcp)
        {
            Add(properties.GetActiveTcpListeners(), Transport.Tcp, query, listeners);
        }

        if (query.Transport is null or Transport.Udp)
        {
            Add(properties.GetActiveUdpListeners(), Transport.Udp, query, listeners);
        }

        return new ListenerSnapshot(listeners, Name);
    }

    private static void Add(IPEndPoint[] endPoints, Transport transport, ListenerQuery query, List<Listener> listeners)
    {
        foreach (IPEndPoint endPoint in endPoints)
        {
            var listener = new Listener(transport, ListenerAddress.Normalize(endPoint), null, null);
            if (query.Matches(listener))
            {
                listeners.Add(listener);
            }
        }
    }
}
