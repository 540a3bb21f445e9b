using System;
using System.Collections.Generic;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Facts;

/// <summary>
/// Everything the commands read from the library and the OS. The real implementation is
/// <see cref="LibraryFacts"/>; tests substitute fixed facts so that output is reproducible.
/// </summary>
internal interface IPortFacts
{
    /// <summary>Gets the date of the IANA registry the library embeds.</summary>
    DateOnly RegistryDate { get; }

    /// <summary>Gets the services known to use a port.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport, or <see langword="null"/> for every transport.</param>
    /// <returns>The services: IANA's first, then known uses, most widely met first.</returns>
    IReadOnlyList<ServiceInfo> Lookup(PortNumber port, Transport? transport);

    /// <summary>Gets the path of this host's services file (<c>/etc/services</c>, or Windows' <c>drivers\etc\services</c>).</summary>
    string HostServicesPath { get; }

    /// <summary>Gets what this host's services file names a port; empty when the file is missing or names nothing there.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport, or <see langword="null"/> for every transport.</param>
    /// <returns>The file's entries for the port, in file order.</returns>
    IReadOnlyList<ServiceInfo> HostServices(PortNumber port, Transport? transport);

    /// <summary>Gets IANA's status for a port and transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <returns>The status.</returns>
    IanaStatus GetStatus(PortNumber port, Transport transport);

    /// <summary>Gets every entry with a service name or alias, case-insensitively.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The entries, in registry order.</returns>
    IReadOnlyList<ServiceInfo> FindByName(string name);

    /// <summary>Searches names, aliases and descriptions, case-insensitively.</summary>
    /// <param name="fragment">The text.</param>
    /// <param name="limit">The most entries to return.</param>
    /// <returns>The entries, best matches first.</returns>
    IReadOnlyList<ServiceInfo> Search(string fragment, int limit);

    /// <summary>Reads this host's port settings.</summary>
    /// <returns>The settings, with where each came from.</returns>
    HostFacts ReadHost();

    /// <summary>Gets a value indicating whether this process runs as root (or an elevated administrator) and so may inspect every process.</summary>
    bool IsPrivilegedProcess { get; }

    /// <summary>Lists listeners.</summary>
    /// <param name="query">What to list.</param>
    /// <returns>The snapshot.</returns>
    ListenerSnapshot GetListeners(ListenerQuery query);

    /// <summary>Finds what listens on a port, TCP or UDP, with owners.</summary>
    /// <param name="port">The port.</param>
    /// <returns>The snapshot.</returns>
    ListenerSnapshot FindListeners(PortNumber port);

    /// <summary>Asks the host firewall whether it accepts a new inbound connection to a port.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <param name="from">The remote address, or <see langword="null"/> for any other host.</param>
    /// <returns>The verdict.</returns>
    FirewallFacts CheckFirewall(PortNumber port, Transport transport, System.Net.IPAddress? from);

    /// <summary>Finds every socket whose local or remote port is <paramref name="port"/>, in every state, with owners.</summary>
    /// <param name="port">The port.</param>
    /// <returns>The snapshot; by default the listeners of <see cref="FindListeners"/> (facts that know no connections).</returns>
    SocketSnapshot FindSockets(PortNumber port)
    {
        ListenerSnapshot listeners = FindListeners(port);
        return new SocketSnapshot(
            [.. System.Linq.Enumerable.Select(listeners, l => new SocketEntry(
                l.Transport, l.Transport == Transport.Tcp ? SocketState.Listen : SocketState.Bound, l.LocalEndPoint, null, l.ProcessId, l.ProcessName, l.UserId, l.SocketInode))],
            listeners.ReaderName,
            listeners.IsComplete,
            listeners.Warnings);
    }

    /// <summary>Lists sockets in every state.</summary>
    /// <param name="query">What to list.</param>
    /// <returns>The snapshot; by default none (facts that know no sockets).</returns>
    SocketSnapshot GetSockets(SocketQuery query) => new([], "none");

    /// <summary>Reads how full the ephemeral range is.</summary>
    /// <param name="transport">The transport.</param>
    /// <returns>The report.</returns>
    EphemeralPortUsage ReadEphemeral(Transport transport) => EphemeralPortUsage.Read(transport);

    /// <summary>Leases a free port from the allocator.</summary>
    /// <param name="transport">The transport.</param>
    /// <param name="guard">Whether to keep a guard socket on the port (Linux, TCP), so the kernel gives it to nobody else.</param>
    /// <returns>The lease; dispose it to release the port.</returns>
    IFreePortLease Lease(Transport transport, bool guard);

    /// <summary>Tries a bind for real and explains the outcome (<see cref="PortDiagnostics.DiagnoseBind"/>).</summary>
    /// <param name="endPoint">The address and port.</param>
    /// <param name="transport">TCP or UDP.</param>
    /// <returns>The report.</returns>
    BindReport DiagnoseBind(System.Net.IPEndPoint endPoint, Transport transport);

    /// <summary>Leases the free port a name points to (the same on every run while it is free), or any free port.</summary>
    /// <param name="name">The name.</param>
    /// <param name="transport">The transport.</param>
    /// <param name="guard">Whether to keep a guard socket on the port (Linux, TCP).</param>
    /// <returns>The lease; dispose it to release the port.</returns>
    IFreePortLease LeaseByName(string name, Transport transport, bool guard);

    /// <summary>Gets this process's id.</summary>
    int CurrentProcessId { get; }

    /// <summary>Gets the id of this process's parent (0 where unknown).</summary>
    int ParentProcessId { get; }

    /// <summary>Sends a signal to a process (on Windows: terminates it).</summary>
    /// <param name="processId">The process.</param>
    /// <param name="signal">The signal.</param>
    /// <returns>What happened.</returns>
    Processes.SignalOutcome Signal(int processId, Processes.ProcessSignal signal);
}

/// <summary>A port claimed from the allocator until disposed.</summary>
internal interface IFreePortLease : IDisposable
{
    /// <summary>Gets the leased port.</summary>
    PortNumber Port { get; }
}
