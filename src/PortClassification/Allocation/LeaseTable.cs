namespace PortClassification;

/// <summary>
/// Ports leased by this process, per transport, shared by every <see cref="PortAllocator"/> instance.
/// </summary>
/// <remarks>
/// The in-process half of "no repeats": cheaper than the cross-process claim and independent of it,
/// so two allocators in one process never hand out the same port even where claims are unavailable.
/// </remarks>
internal static class LeaseTable
{
    private static readonly object Gate = new();
    private static readonly bool[] Tcp = new bool[ushort.MaxValue + 1];
    private static readonly bool[] Udp = new bool[ushort.MaxValue + 1];

    /// <summary>Marks a port leased for a transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport"><see cref="Transport.Tcp"/> or <see cref="Transport.Udp"/>.</param>
    /// <returns><see langword="false"/> if this process already leases it.</returns>
    public static bool TryAdd(PortNumber port, Transport transport)
    {
        bool[] table = transport == Transport.Udp ? Udp : Tcp;
        lock (Gate)
        {
            if (table[port.Value])
            {
                return false;
            }

            table[port.Value] = true;
            return true;
        }
    }

    /// <summary>Marks a port no longer leased for a transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport"><see cref="Transport.Tcp"/> or <see cref="Transport.Udp"/>.</param>
    public static void Remove(PortNumber port, Transport transport)
    {
        bool[] table = transport == Transport.Udp ? Udp : Tcp;
        lock (Gate)
        {
            table[port.Value] = false;
        }
    }

    /// <summary>Determines whether this process leases a port for a transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport"><see cref="Transport.Tcp"/> or <see cref="Transport.Udp"/>.</param>
    /// <returns><see langword="true"/> while a lease holds it.</returns>
    public static bool Contains(PortNumber port, Transport transport)
    {
        bool[] table = transport == Transport.Udp ? Udp : Tcp;
        lock (Gate)
        {
            return table[port.Value];
        }
    }
}
