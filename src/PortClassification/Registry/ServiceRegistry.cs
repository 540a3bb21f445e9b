using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Runtime.InteropServices;
using PortClassification.Internal;

namespace PortClassification;

/// <summary>
/// A port registry: IANA's Service Name and Transport Protocol Port Number Registry, optionally with
/// unofficial and user entries, indexed for lookups by port and by service name.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Default"/> is the registry embedded in this library plus its curated
/// <see cref="UnofficialEntries"/>; <see cref="PortRegistry"/> reads it. To use a newer IANA file, load
/// it with <see cref="LoadIanaXml"/> or <see cref="LoadIanaCsv"/>; to add your own services, call
/// <see cref="WithEntries"/>. Both give a new instance and change nothing that other code sees.
/// </para>
/// <para>
/// A registry is immutable and thread-safe. Every lookup answer is built when the registry is
/// created, so <see cref="Lookup"/>, <see cref="TryGetPort"/> and <see cref="GetStatus"/> allocate nothing.
/// </para>
/// </remarks>
public sealed class ServiceRegistry
{
    private const string EmbeddedTableName = "PortClassification.Registry.iana-services.bin";

    private readonly ServiceEntry[] _entries;
    private readonly List<PortHold> _holds;
    private readonly PortIndex _index;
    private readonly Dictionary<string, PortsByTransport> _portsByName;

    private ServiceRegistry(DateOnly registryDate, ServiceEntry[] entries, List<PortHold> holds)
    {
        RegistryDate = registryDate;
        _entries = entries;
        _holds = holds;
        _index = new PortIndex(entries, holds);
        _portsByName = BuildNameIndex(entries);
        Entries = new ReadOnlyCollection<ServiceEntry>(entries);
    }

    /// <summary>Gets the registry embedded in this library, with its curated unofficial entries; loaded on first use.</summary>
    public static ServiceRegistry Default => DefaultHolder.Instance;

    /// <summary>Gets the curated unofficial entries that <see cref="Default"/> adds to IANA's registry.</summary>
    /// <remarks>Add them to a registry you load yourself with <c>registry.WithEntries(ServiceRegistry.UnofficialEntries)</c>.</remarks>
    public static IReadOnlyList<ServiceEntry> UnofficialEntries { get; } = new ReadOnlyCollection<ServiceEntry>(UnofficialServices.Create());

    /// <summary>Gets the date IANA last updated the registry (for a CSV, the newest date in it).</summary>
    public DateOnly RegistryDate { get; }

    /// <summary>Gets every entry: IANA's services in the registry's order, then unofficial and user entries in the order added.</summary>
    public IReadOnlyList<ServiceEntry> Entries { get; }

    /// <summary>Loads a registry from IANA's XML, <c>service-names-port-numbers.xml</c>.</summary>
    /// <param name="stream">The XML; read to its end and not closed.</param>
    /// <returns>A registry of the file's records, without unofficial entries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The XML is malformed, truncated or not IANA's registry; the message names the record and line.</exception>
    /// <remarks>
    /// Input far beyond any real registry is refused early rather than read whole: elements nested more than 16 deep,
    /// a record with more than 256 Ki characters of text, or a document of more than 64 Mi characters (IANA's file has
    /// about 5 million). A DTD is refused. Messages quote at most 40 characters of the input.
    /// </remarks>
    public static ServiceRegistry LoadIanaXml(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FromData(IanaXmlReader.Read(stream));
    }

    /// <summary>Loads a registry from IANA's CSV, <c>service-names-port-numbers.csv</c> (RFC 4180).</summary>
    /// <param name="stream">The UTF-8 CSV; read to its end and not closed.</param>
    /// <returns>A registry of the file's records, without unofficial entries. Its <see cref="RegistryDate"/> is the newest registration or modification date in the file, because the CSV has no "last updated" line.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The CSV breaks RFC 4180, is not UTF-8, or a record is not IANA's 12 columns; the message names the record and line.</exception>
    /// <remarks>
    /// A CSV cut off exactly between two records cannot be told from a shorter registry; prefer the XML, which has an end tag.
    /// A record of more than 256 Ki characters or 256 fields is refused before it is read whole, and messages quote at most
    /// 40 characters of the input.
    /// </remarks>
    public static ServiceRegistry LoadIanaCsv(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FromData(IanaCsvReader.Read(stream));
    }

    /// <summary>Creates a registry with this registry's entries and more.</summary>
    /// <param name="entries">The entries to add, usually your own (<see cref="ServiceOrigin.User"/>) services.</param>
    /// <returns>A new registry; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="entries"/> contains <see langword="null"/>.</exception>
    /// <remarks>
    /// Added entries follow the existing ones in <see cref="Lookup"/> results, and <see cref="TryGetPort"/>
    /// prefers the first entry with a name, so an added entry never hides an IANA service of the same name.
    /// They do not change <see cref="GetStatus"/>, which reports IANA's status.
    /// </remarks>
    public ServiceRegistry WithEntries(IEnumerable<ServiceEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var all = new List<ServiceEntry>(_entries);
        foreach (ServiceEntry entry in entries)
        {
            all.Add(entry ?? throw new ArgumentException("The entries must not contain null.", nameof(entries)));
        }

        return new ServiceRegistry(RegistryDate, [.. all], _holds);
    }

    /// <summary>Gets the services that use a port.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport, or <see langword="null"/> for every transport.</param>
    /// <returns>The entries whose ports include <paramref name="port"/> (including ranges such as 6000-6063), IANA's first; empty when there are none. The list is shared and read-only.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>.</exception>
    public IReadOnlyList<ServiceEntry> Lookup(PortNumber port, Transport? transport = null)
    {
        int slot = 0;
        if (transport is { } t)
        {
            TransportGuard.ThrowIfUndefined(t, nameof(transport));
            slot = (int)t + 1;
        }

        return _index.Lookup(port.Value, slot);
    }

    /// <summary>Gets the port of a service by name.</summary>
    /// <param name="serviceName">The service name, for example <c>"postgresql"</c>; compared case-insensitively, as IANA compares them.</param>
    /// <param name="transport">The transport.</param>
    /// <param name="port">The service's port (the first of its range) when found; otherwise port 0.</param>
    /// <returns><see langword="true"/> if an entry has that name and transport (or no transport); otherwise, <see langword="false"/>, also for <see langword="null"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>.</exception>
    /// <remarks>When several entries share a name, the first in <see cref="Entries"/> wins, which for IANA is its primary assignment.</remarks>
    public bool TryGetPort(string? serviceName, Transport transport, out PortNumber port)
    {
        TransportGuard.ThrowIfUndefined(transport, nameof(transport));
        port = default;
        if (serviceName is null || !_portsByName.TryGetValue(serviceName, out PortsByTransport ports))
        {
            return false;
        }

        return ports.TryGet(transport, out port);
    }

    /// <summary>Gets IANA's status of a port for a transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <returns>
    /// <see cref="RegistrationStatus.Dynamic"/> for 49152–65535; otherwise <see cref="RegistrationStatus.Assigned"/> when an IANA
    /// record names a service on the port for the transport, <see cref="RegistrationStatus.Reserved"/> when an unnamed record holds
    /// it back, and <see cref="RegistrationStatus.Unassigned"/> otherwise. Unofficial and user entries do not count.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>.</exception>
    public RegistrationStatus GetStatus(PortNumber port, Transport transport)
    {
        TransportGuard.ThrowIfUndefined(transport, nameof(transport));
        return _index.GetStatus(port.Value, transport);
    }

    internal static ServiceRegistry FromData(RegistryData data) => new(data.Date, [.. data.Services], data.Holds);

    /// <summary>Reads the embedded table; <see cref="Default"/> calls it once, benchmarks and tests call it fresh.</summary>
    internal static unsafe ServiceRegistry LoadEmbedded(bool withUnofficial)
    {
        using Stream stream = typeof(ServiceRegistry).Assembly.GetManifestResourceStream(EmbeddedTableName)
            ?? throw new InvalidOperationException($"The embedded resource '{EmbeddedTableName}' is missing from the PortClassification assembly.");
        RegistryData data;
        if (stream is UnmanagedMemoryStream mapped && mapped.Length <= int.MaxValue)
        {
            // The resource is mapped with the assembly: read it in place rather than copy it.
            data = RegistryTable.Read(new ReadOnlySpan<byte>(mapped.PositionPointer, (int)mapped.Length));
        }
        else
        {
            byte[] table = new byte[stream.Length];
            stream.ReadExactly(table);
            data = RegistryTable.Read(table);
        }

        if (withUnofficial)
        {
            data.Services.AddRange(UnofficialEntries);
        }

        return FromData(data);
    }

    private static Dictionary<string, PortsByTransport> BuildNameIndex(ServiceEntry[] entries)
    {
        var byName = new Dictionary<string, PortsByTransport>(entries.Length, StringComparer.OrdinalIgnoreCase);
        foreach (ServiceEntry entry in entries)
        {
            ref PortsByTransport ports = ref CollectionsMarshal.GetValueRefOrAddDefault(byName, entry.Name, out _);
            ports.AddIfAbsent(entry.Transport, entry.Port);
        }

        return byName;
    }

    // The CLR runs a static constructor once, on first use, under a lock: a lazy, thread-safe load
    // whose later reads are a plain static field read.
    private static class DefaultHolder
    {
        internal static readonly ServiceRegistry Instance = LoadEmbedded(withUnofficial: true);
    }
}
