using System;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// What is known about a port number: IANA's Service Name and Transport Protocol Port Number Registry,
/// embedded in this library, plus a curated, sourced table of well-known unofficial uses (known uses).
/// </summary>
/// <remarks>
/// <para>
/// Every member reads <see cref="ServiceRegistry.Default"/>. The embedded registry is loaded on first
/// use (a few milliseconds, thread-safe); after that, lookups allocate nothing. No file or network
/// access is involved. To use a newer IANA file or your own entries, create a
/// <see cref="ServiceRegistry"/> instead; this class never changes.
/// </para>
/// </remarks>
public static class PortRegistry
{
    /// <summary>Gets the date IANA last updated the embedded registry.</summary>
    public static DateOnly RegistryDate => ServiceRegistry.Default.RegistryDate;

    /// <summary>Gets the services that use a port, for example <c>https</c> for 443/tcp.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport, or <see langword="null"/> for every transport.</param>
    /// <returns>The entries whose ports include <paramref name="port"/>, IANA's first, then known uses (<see cref="ServiceOrigin.KnownUse"/>, most widely met first); empty when there are none. The list is shared and read-only.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>.</exception>
    public static IReadOnlyList<ServiceEntry> Lookup(PortNumber port, Transport? transport = null) =>
        ServiceRegistry.Default.Lookup(port, transport);

    /// <summary>Gets the port of a service by name or alias, for example 5432 for <c>"postgresql"</c> or 9200 for <c>"elasticsearch"</c>.</summary>
    /// <param name="serviceName">The service name or an alias; compared case-insensitively, as IANA compares them.</param>
    /// <param name="transport">The transport.</param>
    /// <param name="port">The service's port (the first of its range) when found; otherwise port 0.</param>
    /// <returns><see langword="true"/> if a service has that name for the transport; otherwise, <see langword="false"/>, also for <see langword="null"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>.</exception>
    public static bool TryGetPort(string? serviceName, Transport transport, out PortNumber port) =>
        ServiceRegistry.Default.TryGetPort(serviceName, transport, out port);

    /// <summary>Searches names, aliases and descriptions, best matches first: "what port does kafka use?" is <c>Search("kafka")</c>.</summary>
    /// <param name="text">The text to find; compared case-insensitively.</param>
    /// <returns>The matching entries, best first (see <see cref="ServiceRegistry.Search"/> for the ranking); empty when nothing matches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<ServiceEntry> Search(string text) => ServiceRegistry.Default.Search(text);

    /// <summary>Gets IANA's status of a port for a transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <returns><see cref="RegistrationStatus.Dynamic"/> for 49152–65535, else <see cref="RegistrationStatus.Assigned"/>, <see cref="RegistrationStatus.Reserved"/> or <see cref="RegistrationStatus.Unassigned"/> as IANA's records say; known uses do not count.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>.</exception>
    public static RegistrationStatus GetStatus(PortNumber port, Transport transport) =>
        ServiceRegistry.Default.GetStatus(port, transport);
}
