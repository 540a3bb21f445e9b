namespace PortClassification;

/// <summary>
/// A transport protocol that has a port number space of its own.
/// </summary>
/// <remarks>
/// A port number means nothing without its transport: 53/tcp and 53/udp are distinct sockets, and
/// IANA registers services per transport. The IANA registry also lists SCTP and DCCP services;
/// operating-system features (listeners, the allocator) support <see cref="Tcp"/> and <see cref="Udp"/>.
/// </remarks>
public enum Transport
{
    /// <summary>Transmission Control Protocol (RFC 9293).</summary>
    Tcp = 0,

    /// <summary>User Datagram Protocol (RFC 768).</summary>
    Udp = 1,

    /// <summary>Stream Control Transmission Protocol (RFC 9260).</summary>
    Sctp = 2,

    /// <summary>Datagram Congestion Control Protocol (RFC 4340).</summary>
    Dccp = 3,
}
