namespace PortClassification;

/// <summary>
/// The port a service name has on each transport, 16 bits per transport in one <see cref="ulong"/>:
/// one dictionary value per name instead of one dictionary per transport.
/// </summary>
internal struct PortsByTransport
{
    private const int TransportCount = (int)Transport.Dccp + 1;

    private ulong _ports;
    private byte _present; // one bit per transport

    /// <summary>Records a port for a transport (every transport when <see langword="null"/>) unless one is already there: the first entry wins.</summary>
    internal void AddIfAbsent(Transport? transport, PortNumber port)
    {
        for (int t = 0; t < TransportCount; t++)
        {
            if ((transport is null || (int)transport.Value == t) && (_present & (1 << t)) == 0)
            {
                _present |= (byte)(1 << t);
                _ports |= (ulong)port.Value << (16 * t);
            }
        }
    }

    internal readonly bool TryGet(Transport transport, out PortNumber port)
    {
        int t = (int)transport;
        bool present = (_present & (1 << t)) != 0;
        port = present ? unchecked((ushort)(_ports >> (16 * t))) : default;
        return present;
    }
}
