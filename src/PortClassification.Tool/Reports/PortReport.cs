using System;
using System.Collections.Generic;

namespace PortClassification.Tool.Reports;

/// <summary>Everything <c>portclass &lt;port&gt;</c> shows about one port.</summary>
/// <param name="Port">The port.</param>
/// <param name="RequestedTransport">The transport the user asked about, or <see langword="null"/> for TCP and UDP.</param>
/// <param name="RegistryDate">The date of the IANA registry consulted.</param>
/// <param name="Transports">IANA status and host facts per transport shown.</param>
/// <param name="Services">IANA's registered services and notable unofficial uses of the port.</param>
/// <param name="Host">The host's settings.</param>
/// <param name="Listening">What listens on the port now.</param>
/// <param name="Related">Other ports of the services in <paramref name="Services"/> (CERTI's 60500/udp beside 60400/tcp).</param>
/// <param name="InUse">The port's other sockets: connections from and to it, bound sockets, TIME_WAIT.</param>
internal sealed record PortReport(
    PortNumber Port,
    Transport? RequestedTransport,
    DateOnly RegistryDate,
    IReadOnlyList<PortTransportFacts> Transports,
    IReadOnlyList<ServiceInfo> Services,
    HostFacts Host,
    ListenerSection Listening,
    IReadOnlyList<ServiceInfo> Related,
    InUseSection InUse)
{
    /// <summary>Gets the IANA range of the port.</summary>
    public PortRange Range => Port.Range;

    /// <summary>Gets the bind verdict for the wildcard address (TCP unless UDP was asked for), or <see langword="null"/> when it could not be made.</summary>
    public BindReport? Bind { get; init; }

    /// <summary>Gets a value indicating whether binding the port needs privileges on this host.</summary>
    public bool Privileged => Host.IsPrivileged(Port);
}

/// <summary>What is known about a port for one transport.</summary>
/// <param name="Transport">The transport.</param>
/// <param name="Status">IANA's status.</param>
/// <param name="Ephemeral">Whether the port is in the host's ephemeral range for the transport.</param>
/// <param name="EphemeralRange">This host's ephemeral range for the transport.</param>
/// <param name="ReservedInterval">The host's reserved or excluded interval holding the port, or <see langword="null"/>.</param>
internal sealed record PortTransportFacts(Transport Transport, IanaStatus Status, bool Ephemeral, PortInterval EphemeralRange, PortInterval? ReservedInterval)
{
    /// <summary>Gets a value indicating whether the port is reserved or excluded on the host.</summary>
    public bool Reserved => ReservedInterval is not null;
}
