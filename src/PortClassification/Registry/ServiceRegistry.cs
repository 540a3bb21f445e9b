using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Runtime.InteropServices;

namespace PortClassification;

/// <summary>
/// A port registry: IANA's Service Name and Transport Protocol Port Number Registry, optionally with
/// known uses, host and user entries, indexed for lookups by port and by service name.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Default"/> is the registry embedded in this library plus its curated, sourced
/// <see cref="KnownUses"/>, and the one instance every static lookup in this library reads. To use a newer IANA file, load
/// it with <see cref="LoadIanaXml"/> or <see cref="LoadIanaCsv"/>; to add your own services or a
/// host's services file (<see cref="LoadServicesFile"/>), call <see cref="WithEntries"/>. Each gives a
/// new instance and changes nothing that other code sees.
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

    /// <summary>Gets the registry embedded in this library, with its curated known uses: the one way to reach it.</summary>
    /// <remarks>
    /// It is loaded on first use (a few milliseconds, thread-safe); after that, lookups allocate nothing, and no file or
    /// network access is involved. "What is port 443?" is <c>ServiceRegistry.Default.Lookup(443, Transport.Tcp)</c>.
    /// The instance never changes; to use a newer IANA file or your own entries, create another registry.
    /// </remarks>
    public static ServiceRegistry Default => DefaultHolder.Instance;

    /// <summary>Gets the curated, sourced known uses (<see cref="ServiceOrigin.KnownUse"/>) that <see cref="Default"/> adds to IANA's registry.</summary>
    /// <value>One entry per service, port or range, and transport, in the table's order: by port, and for one port most widely met first.</value>
    /// <remarks>Add them to a registry you load yourself with <c>registry.WithEntries(ServiceRegistry.KnownUses)</c>.</remarks>
    public static IReadOnlyList<ServiceEntry> KnownUses => DefaultHolder.KnownUses;

    /// <summary>Gets the date IANA last updated the registry (for a CSV, the newest date in it).</summary>
    public DateOnly RegistryDate { get; }

    /// <summary>Gets every entry: IANA's services in the registry's order, then known uses, host and user entries in the order added.</summary>
    public IReadOnlyList<ServiceEntry> Entries { get; }

    /// <summary>Loads a registry from IANA's XML, <c>service-names-port-numbers.xml</c>.</summary>
    /// <param name="stream">The XML; read to its end and not closed.</param>
    /// <returns>A registry of the file's records, without known uses.</returns>
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
    /// <returns>A registry of the file's records, without known uses. Its <see cref="RegistryDate"/> is the newest registration or modification date in the file, because the CSV has no "last updated" line.</returns>
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
    /// prefers the first entry with a name (names before aliases), so an added entry never hides an IANA service of the same name.
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
    /// <returns>The entries whose ports include <paramref name="port"/> (including ranges such as 6000-6063), IANA's first, then known uses (most widely met first), then other entries in the order added; empty when there are none. The list is shared and read-only.</returns>
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
    /// <param name="serviceName">The service name or an alias, for example <c>"postgresql"</c> or <c>"webmin"</c>; compared case-insensitively, as IANA compares them.</param>
    /// <param name="transport">The transport.</param>
    /// <param name="port">The service's port (the first of its range) when found; otherwise port 0.</param>
    /// <returns><see langword="true"/> if an entry has that name or alias and the transport (or no transport); otherwise, <see langword="false"/>, also for <see langword="null"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>.</exception>
    /// <remarks>When several entries share a name, the first in <see cref="Entries"/> wins, which for IANA is its primary assignment; a name always wins over another entry's alias.</remarks>
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

    /// <summary>Searches the names, aliases and descriptions of every entry, best matches first.</summary>
    /// <param name="text">The text to find, for example <c>"kafka"</c>; compared case-insensitively. Leading and trailing white space is ignored.</param>
    /// <returns>
    /// The matching entries, ranked: an exact name, then an exact alias, then a name that starts with the text,
    /// an alias that starts with it, a name that contains it, a description that has it as a word, and last a
    /// description that contains it; within a rank, known uses before IANA's entries (a program's name is what
    /// people search for), then in <see cref="Entries"/> order. Empty when nothing matches or the text is empty.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <remarks>Unlike <see cref="Lookup"/>, a search scans every entry and allocates its result.</remarks>
    public IReadOnlyList<ServiceEntry> Search(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ServiceSearch.Run(_entries, text.AsSpan().Trim());
    }

    /// <summary>Reads a services file: <c>/etc/services</c> on Unix, <c>%SystemRoot%\System32\drivers\etc\services</c> on Windows.</summary>
    /// <param name="stream">The file, UTF-8 or ASCII; read to its end and not closed.</param>
    /// <returns>
    /// One entry per line that names a service, in the file's order, with <see cref="ServiceOrigin.Host"/>, the line's
    /// aliases, and the line's comment (without <c>#</c>) as description. Lines for protocols other than tcp, udp,
    /// sctp and dccp (such as AppleTalk's <c>ddp</c>) are skipped. Add the entries to a registry with <see cref="WithEntries"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">A line is not <c>name port/protocol [aliases…] [# comment]</c>, its port is not 0–65535, or the file is not valid UTF-8; the message gives the line number and a short escaped excerpt of the line.</exception>
    /// <remarks>
    /// The format is the one glibc, the BSDs and Windows read (services(5)): white-space separated fields,
    /// <c>#</c> starts a comment, blank lines are ignored, and CRLF line ends are accepted. Unlike glibc, which
    /// skips a line it cannot parse, this reader names it, so that a broken file is noticed.
    /// </remarks>
    public static IReadOnlyList<ServiceEntry> LoadServicesFile(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new ReadOnlyCollection<ServiceEntry>(ServicesFileReader.Read(stream));
    }

    /// <summary>Gets IANA's status of a port for a transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <returns>
    /// <see cref="RegistrationStatus.Dynamic"/> for 49152–65535; otherwise <see cref="RegistrationStatus.Assigned"/> when an IANA
    /// record names a service on the port for the transport, <see cref="RegistrationStatus.Reserved"/> when an unnamed record holds
    /// it back, and <see cref="RegistrationStatus.Unassigned"/> otherwise. Known uses, host and user entries do not count.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="Transport"/>.</exception>
    public RegistrationStatus GetStatus(PortNumber port, Transport transport)
    {
        TransportGuard.ThrowIfUndefined(transport, nameof(transport));
        return _index.GetStatus(port.Value, transport);
    }

    internal static ServiceRegistry FromData(RegistryData data) => new(data.Date, [.. data.Services], data.Holds);

    /// <summary>Reads the embedded table; <see cref="Default"/> calls it once, benchmarks and tests call it fresh.</summary>
    internal static ServiceRegistry LoadEmbedded(bool withKnownUses) => LoadEmbeddedData(withKnownUses, out _);

    private static unsafe ServiceRegistry LoadEmbeddedData(bool withKnownUses, out List<ServiceEntry> knownUses)
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

        knownUses = data.KnownUses;
        if (withKnownUses)
        {
            data.Services.AddRange(data.KnownUses);
        }

        return FromData(data);
    }

    private static Dictionary<string, PortsByTransport> BuildNameIndex(ServiceEntry[] entries)
    {
        var byName = new Dictionary<string, PortsByTransport>(entries.Length, StringComparer.OrdinalIgnoreCase);
        foreach (ServiceEntry entry in entries)
        {
            ref PortsByTransport ports = ref CollectionsMarshal.GetValueRefOrAddDefault(byName, entry.Name, out _);
            ports.AddIfAbsent(entry.Transport, entry.Ports.First);
        }

        // Aliases second, so that a service's own name always wins over another entry's alias.
        foreach (ServiceEntry entry in entries)
        {
            foreach (string alias in entry.Aliases)
            {
                ref PortsByTransport ports = ref CollectionsMarshal.GetValueRefOrAddDefault(byName, alias, out _);
                ports.AddIfAbsent(entry.Transport, entry.Ports.First);
            }
        }

        return byName;
    }

    // The CLR runs a static constructor once, on first use, under a lock: a lazy, thread-safe load
    // whose later reads are a plain static field read.
    private static class DefaultHolder
    {
        internal static readonly ServiceRegistry Instance;

        internal static readonly ReadOnlyCollection<ServiceEntry> KnownUses;

#pragma warning disable CA1810 // Both fields come from one load; an initializer per field would load twice.
        static DefaultHolder()
#pragma warning restore CA1810
        {
            Instance = LoadEmbeddedData(withKnownUses: true, out List<ServiceEntry> knownUses);
            KnownUses = new ReadOnlyCollection<ServiceEntry>(knownUses);
        }
    }
}
